package dev.ndgrad.optim.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.BatchNorm1d;
import dev.ndgrad.nn.Dropout;
import dev.ndgrad.nn.Init;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.NpyFormat;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.Datasets;
import dev.ndgrad.nn.data.StandardScaler;
import dev.ndgrad.nn.data.Splits;
import dev.ndgrad.nn.data.TrainDevTest;
import dev.ndgrad.optim.Adam;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two training runs with the same seeds on the same data, in one thread (the test JVM runs ND4J with
 * {@code OMP_NUM_THREADS=1}), give bit-identical weights, batch-norm statistics, Adam state and losses after
 * several epochs of mini-batch Adam on a network with Linear, BatchNorm1d and Dropout layers. What is not
 * deterministic across machines or thread counts is listed in the README ("Reproducibility").
 */
class TrainingDeterminismTest {

    private static final int EPOCHS = 4;
    private static Dataset train;
    private static Dataset dev;

    @BeforeAll
    static void digits() {
        TrainDevTest split = Splits.stratifiedTrainDevTest(Datasets.digits(), 0.6, 0.2, 0.2, 42);
        StandardScaler scaler = StandardScaler.fit(split.train());
        train = scaler.transform(split.train());
        dev = scaler.transform(split.dev());
    }

    /** Everything a run ends with, as bytes: parameters, buffers, optimizer state and the per-epoch losses. */
    private static Map<String, byte[]> run(long seed, int epochs) {
        Init.manualSeed(seed);   // weights and the dropout mask generator
        Module model = new Sequential(new Linear(64, 48), new BatchNorm1d(48), new ReLU(), new Dropout(0.2),
                new Linear(48, 10));
        Adam adam = new Adam(model.parameters(), 1e-2);
        History history = Trainer.builder(model, adam, Losses::crossEntropy).epochs(epochs).batchSize(32)
                .seed(seed).progressBar(false).build().fit(train, dev);   // the seed shuffles the batches
        assertTrue(epochs == 1 || history.trainLosses()[epochs - 1] < history.trainLosses()[0] / 2,
                "it trains: " + history);
        Map<String, byte[]> out = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> out.put("model." + k, NpyFormat.encode(v)));
        adam.stateDict().forEach((k, v) -> out.put("adam." + k, NpyFormat.encode(v)));
        out.put("trainLosses", bytes(history.trainLosses()));
        out.put("devLosses", bytes(history.devLosses()));
        return out;
    }

    private static byte[] bytes(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        Arrays.stream(values).forEach(b::putDouble);
        return b.array();
    }

    @Test
    void twoSeededRunsGiveBitIdenticalWeights() {
        Map<String, byte[]> first = run(7, EPOCHS);
        Map<String, byte[]> second = run(7, EPOCHS);
        assertEquals(first.keySet(), second.keySet());
        first.forEach((key, bytes) -> assertArrayEquals(bytes, second.get(key), key));
        // 9 parameters and buffers; Adam's rate and decay, and step and two moments for each of 6 parameters
        assertEquals(9 + 2 + 6 * 3 + 2, first.size(), first.keySet().toString());

        // Not vacuous: another seed gives other weights.
        Map<String, byte[]> other = run(8, 1);
        assertFalse(Arrays.equals(first.get("model.0.weight"), other.get("model.0.weight")));
    }
}
