package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Batch norm: batch statistics in training, running averages in eval, PyTorch's names. */
class BatchNorm1dTest {

    private static final Tensor X = Tensor.of(Nd4j.create(new double[][] {{1, 10}, {2, 20}, {3, 60}, {6, 30}}));

    @Test
    void trainingNormalisesEachFeatureWithTheBatchStatistics() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, DataType.DOUBLE);
        double[] y = bn.forward(X).toDoubleArray();
        for (int f = 0; f < 2; f++) {
            double mean = 0;
            double square = 0;
            for (int i = 0; i < 4; i++) {
                mean += y[2 * i + f] / 4;
                square += y[2 * i + f] * y[2 * i + f] / 4;
            }
            assertEquals(0, mean, 1e-12);
            assertEquals(1, square, 1e-5);   // variance 1 up to ε
        }
        // feature 0: μ = 3, σ² = (4 + 1 + 0 + 9)/4 = 3.5 → x̂₀ = (1 − 3)/√(3.5 + 1e−5)
        assertEquals(-2 / Math.sqrt(3.5 + 1e-5), y[0], 1e-12);
    }

    @Test
    void runningAveragesFollowMomentumWithTheUnbiasedVariance() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, DataType.DOUBLE);
        bn.forward(X);
        // running_mean = 0.9·0 + 0.1·μ; running_var = 0.9·1 + 0.1·σ²·m/(m − 1)
        assertArrayEquals(new double[] {0.3, 3.0}, bn.runningMean().toDoubleArray(), 1e-12);
        double var0 = 3.5 * 4 / 3;
        double var1 = (400 + 100 + 900 + 0) / 4.0 * 4 / 3;   // μ₁ = 30
        assertArrayEquals(new double[] {0.9 + 0.1 * var0, 0.9 + 0.1 * var1}, bn.runningVar().toDoubleArray(), 1e-12);
        assertEquals(1L, bn.namedBuffers().get("num_batches_tracked").data().getLong(0));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.namedBuffers().keySet()));
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
    }

    @Test
    void evalUsesTheRunningAveragesAndTheLearnedScaleAndShift() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 1.0, DataType.DOUBLE);   // momentum 1: running = last batch
        bn.forward(X);
        Init.constant(bn.weight(), 2.0);
        Init.constant(bn.bias(), -1.0);
        bn.eval();
        assertTrue(!bn.isTraining());
        Tensor one = Tensor.of(Nd4j.create(new double[][] {{3, 30}}));   // a single example is fine in eval
        double[] y = bn.forward(one).toDoubleArray();
        assertArrayEquals(new double[] {-1, -1}, y, 1e-12);   // x = running mean → x̂ = 0 → y = β
        double runningVar0 = bn.runningVar().toDoubleArray()[0];
        double y0 = bn.forward(Tensor.of(Nd4j.create(new double[][] {{4, 30}}))).toDoubleArray()[0];
        assertEquals(2 * (1 / Math.sqrt(runningVar0 + 1e-5)) - 1, y0, 1e-12);
        // eval leaves the running statistics alone
        assertEquals(1L, bn.namedBuffers().get("num_batches_tracked").data().getLong(0));
    }

    @Test
    void errorsAreClear() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, DataType.DOUBLE);
        var single = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(Tensor.of(Nd4j.create(new double[][] {{1, 2}}))));
        assertTrue(single.getMessage().contains("more than one example"), single.getMessage());
        var width = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(DataType.DOUBLE, 3, 4)));
        assertTrue(width.getMessage().contains("[batch, 2]") && width.getMessage().contains("[3, 4]"),
                width.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(2, 1e-5, 1.5));
        assertEquals("BatchNorm1d(2, eps=1.0E-5, momentum=0.1)  # 4 parameters", bn.toString());
    }
}
