package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link Init#manualSeed} under concurrency: threads that each seed their own generator and build models at the
 * same moment get exactly what each gets alone — weights, batch-norm statistics, dropout masks and
 * {@code Tensor.randn} draws, compared bit for bit — round after round, whatever the interleaving.
 */
class SeedingConcurrencyTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 100;
    private static final long[] SEEDS = {11, 22, 33, 44};

    /** Seeds this thread, builds a model with no explicit seed and runs it once in training mode; all as bytes. */
    private static Map<String, byte[]> seededBuild(long seed) {
        Init.manualSeed(seed);
        Module model = new Sequential(new Linear(8, 16), new BatchNorm1d(16), new ReLU(), new Dropout(0.5),
                new Linear(16, 4));
        Tensor x = Tensor.randn(DataType.FLOAT, 6, 8);
        Tensor y = model.forward(x);   // draws a dropout mask, moves the running statistics
        Map<String, byte[]> out = new LinkedHashMap<>(Fixtures.snapshot(model));
        out.put("input", NpyFormat.encode(x.data()));
        out.put("output", NpyFormat.encode(y.data()));
        return out;
    }

    @Test
    void threadsThatSeedAndBuildAtOnceGetWhatEachGetsAlone() throws Exception {
        List<Map<String, byte[]>> alone = new ArrayList<>();
        for (long seed : SEEDS) {
            alone.add(seededBuild(seed));
        }
        assertFalse(Arrays.equals(alone.get(0).get("0.weight"), alone.get(1).get("0.weight")),
                "different seeds must give different weights, or the comparison below proves nothing");
        assertArrayEquals(alone.get(0).get("output"), seededBuild(SEEDS[0]).get("output"), "repeatable alone");

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        int compared = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<Map<String, byte[]>>> builds = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    // Rotate the seeds over the pool's threads, so no thread keeps a seed of its own.
                    long seed = SEEDS[(t + round) % SEEDS.length];
                    builds.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);   // all threads build at the same moment
                        return seededBuild(seed);
                    }));
                }
                for (int t = 0; t < THREADS; t++) {
                    Map<String, byte[]> expected = alone.get((t + round) % SEEDS.length);
                    Map<String, byte[]> actual = builds.get(t).get(1, TimeUnit.MINUTES);
                    assertEquals(expected.keySet(), actual.keySet());
                    for (String key : expected.keySet()) {
                        assertArrayEquals(expected.get(key), actual.get(key), "round " + round + ", thread " + t
                                + ", " + key);
                    }
                    compared++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(THREADS * ROUNDS, compared);
    }
}
