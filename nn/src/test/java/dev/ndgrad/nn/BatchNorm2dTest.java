package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** BatchNorm2d: per-channel statistics over (N, H, W), running averages, eval mode, PyTorch's names, errors. */
class BatchNorm2dTest {

    private static final DataType D = DataType.DOUBLE;

    @Test
    void trainingStandardisesEachChannelOverTheBatchAndThePositions() {
        BatchNorm2d bn = new BatchNorm2d(3, 1e-12, 0.1, true, true, D);
        Tensor x = Tensor.randn(new Random(1), D, 4, 3, 2, 5).mul(3.0).add(2.0);
        Tensor y = bn.forward(x);
        double[] means = y.mean(new int[] {0, 2, 3}, false).toDoubleArray();
        double[] variances = y.square().mean(new int[] {0, 2, 3}, false).toDoubleArray();
        assertArrayEquals(new double[3], means, 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, variances, 1e-9);
    }

    @Test
    void runningAveragesTakeTheUnbiasedVarianceAndEvalUsesThem() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, true, true, D);
        Tensor x = Tensor.randn(new Random(2), D, 3, 2, 2, 2).add(1.0);
        bn.forward(x);
        long m = 3 * 2 * 2;
        double[] mean = x.mean(new int[] {0, 2, 3}, false).toDoubleArray();
        double[] variance = x.sub(x.mean(new int[] {0, 2, 3}, true)).square().mean(new int[] {0, 2, 3}, false)
                .toDoubleArray();
        for (int c = 0; c < 2; c++) {
            assertEquals(0.1 * mean[c], bn.runningMean().toDoubleArray()[c], 1e-14);
            assertEquals(0.9 + 0.1 * variance[c] * m / (m - 1), bn.runningVar().toDoubleArray()[c], 1e-14);
        }
        assertEquals(1.0, bn.namedBuffers().get("num_batches_tracked").item(), 0);
        bn.eval();
        Tensor one = Tensor.ones(D, 1, 2, 1, 1);
        double[] y = bn.forward(one).toDoubleArray();
        for (int c = 0; c < 2; c++) {
            double expected = (1 - bn.runningMean().toDoubleArray()[c]) / Math.sqrt(bn.runningVar().toDoubleArray()[c]
                    + 1e-5);
            assertEquals(expected, y[c], 1e-14);
        }
        assertEquals(1.0, bn.namedBuffers().get("num_batches_tracked").item(), 0, "eval changes no statistic");
    }

    @Test
    void stateDictKeysFollowTheOptions() {
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm2d(3).stateDict().keySet()));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm2d(3, 1e-5, 0.1, false, true, D).stateDict().keySet()));
        BatchNorm2d untracked = new BatchNorm2d(3, 1e-5, 0.1, true, false, D);
        assertEquals(List.of("weight", "bias"), List.copyOf(untracked.stateDict().keySet()));
        assertNull(untracked.runningMean());
        assertEquals("BatchNorm2d(3, eps=1.0E-5, momentum=0.1, track_running_stats=false)  # 6 parameters",
                untracked.toString());
    }

    @Test
    void withoutRunningStatisticsEvalUsesTheBatch() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, false, false, D);
        Tensor x = Tensor.randn(new Random(3), D, 2, 2, 3, 3);
        double[] training = bn.forward(x).toDoubleArray();
        bn.eval();
        assertArrayEquals(training, bn.forward(x).toDoubleArray(), 0);
    }

    @Test
    void batchNorm1dNormalisesSequencesPerChannel() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-12, 0.1, D);
        Tensor y = bn.forward(Tensor.randn(new Random(4), D, 3, 2, 5).mul(4.0));
        assertArrayEquals(new double[2], y.mean(new int[] {0, 2}, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 1}, y.square().mean(new int[] {0, 2}, false).toDoubleArray(), 1e-9);
    }

    @Test
    void errorsNameTheLayerAndTheProblem() {
        BatchNorm2d bn = new BatchNorm2d(3, 1e-5, 0.1, true, true, D);
        assertMessage(() -> bn.forward(Tensor.zeros(D, 2, 3, 4)), "BatchNorm2d(3): input DOUBLE[2, 3, 4] must be "
                + "[N, 3, H, W]");
        assertMessage(() -> bn.forward(Tensor.zeros(D, 2, 4, 2, 2)), "must be [N, 3, H, W]");
        assertMessage(() -> bn.forward(Tensor.zeros(D, 1, 3, 1, 1)), "more than one example");
        assertMessage(() -> bn.forward(Tensor.zeros(DataType.FLOAT, 2, 3, 2, 2)),
                "BatchNorm2d(3): input FLOAT[2, 3, 2, 2] has dtype FLOAT, the layer DOUBLE");
        assertMessage(() -> new BatchNorm2d(0), "BatchNorm2d: features must be positive");
        assertMessage(() -> new BatchNorm2d(2, 1e-5, 2), "BatchNorm2d: momentum must be in [0, 1]");
    }
}
