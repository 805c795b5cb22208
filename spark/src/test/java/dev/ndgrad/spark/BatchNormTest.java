package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.BatchNorm1d;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.Tanh;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.SGD;
import dev.ndgrad.optim.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Buffers travel with the parameters and come back as the partitions' example-weighted mean. For batch norm's
 * running mean that is the global batch's: {@code Σ_p (b_p/B)((1−m)r + m·μ_p) = (1−m)r + m·μ_B}.
 */
class BatchNormTest {

    private static final ModelFactory NORMALIZED = () -> new Sequential(
            new Linear(Fixtures.FEATURES, 6, true, DataType.DOUBLE, 1), new BatchNorm1d(6, 1e-5, 0.1, DataType.DOUBLE),
            new Tanh(), new Linear(6, Fixtures.CLASSES, true, DataType.DOUBLE, 2));
    private static final Dataset TRAIN = Fixtures.classes(48, DataType.DOUBLE, 7);

    private static Module single(int epochs, int batchSize) {
        Module model = NORMALIZED.create();
        Trainer.builder(model, new SGD(model.parameters(), 0.1), Losses::crossEntropy).epochs(epochs)
                .batchSize(batchSize).seed(1).progressBar(false).build().fit(TRAIN);
        return model;
    }

    private static Module spark(int epochs, int batchSize, int partitions) {
        Module model = NORMALIZED.create();
        SparkTrainer.builder(model, NORMALIZED, new SGD(model.parameters(), 0.1), Losses::crossEntropy).epochs(epochs)
                .batchSize(batchSize).seed(1).progressBar(false).spark(TestSpark.session()).partitions(partitions)
                .build().fit(TRAIN);
        return model;
    }

    @Test
    void onOnePartitionBatchNormTrainsAsOnOneMachine() {
        Module expected = single(2, 12);
        Module actual = spark(2, 12, 1);
        assertTrue(Agreement.relativeDifference(actual, expected) <= 1e-12);
        for (String buffer : new String[] {"1.running_mean", "1.running_var", "1.num_batches_tracked"}) {
            assertArrayEquals(expected.namedBuffers().get(buffer).toDoubleArray(),
                    actual.namedBuffers().get(buffer).toDoubleArray(), 1e-12, buffer);
        }
    }

    @Test
    void onTwoPartitionsTheRunningMeanIsTheGlobalBatchsAndTheVarianceIsNot() {
        // one step on the whole set: both start from the same weights, so the running mean must agree
        Module expected = single(1, 48);
        Module actual = spark(1, 48, 2);
        assertArrayEquals(expected.namedBuffers().get("1.running_mean").toDoubleArray(),
                actual.namedBuffers().get("1.running_mean").toDoubleArray(), 1e-12);
        assertEquals(1, actual.namedBuffers().get("1.num_batches_tracked").item());
        double[] v1 = expected.namedBuffers().get("1.running_var").toDoubleArray();
        double[] v2 = actual.namedBuffers().get("1.running_var").toDoubleArray();
        double gap = 0;
        for (int i = 0; i < v1.length; i++) {
            gap = Math.max(gap, Math.abs(v1[i] - v2[i]));
        }
        assertTrue(gap > 1e-6, "the partitions' variances miss the spread between their means (gap " + gap + ")");
    }
}
