package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.data.Batch;
import dev.ndgrad.nn.data.DataLoader;
import dev.ndgrad.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What the README's thread model says may be shared between threads: a module in eval mode (read by every
 * thread's forward pass) and a data set (read by every thread's own loader). Threads released together by a
 * barrier get, bit for bit, what one thread gets alone.
 */
class SharedAcrossThreadsTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 50;
    private static final DataType D = DataType.DOUBLE;

    @Test
    void aModuleInEvalModeAnswersEveryThreadAsItAnswersOne() throws Exception {
        Sequential model = new Sequential(new Linear(6, 16, true, D, 1L), new BatchNorm1d(16, 1e-5, 0.1, D),
                new ReLU(), new Dropout(0.5), new Linear(16, 3, true, D, 2L), new Tanh());
        model.forward(Fixtures.randn(3, 32, 6));   // training mode once: non-trivial running statistics
        model.eval();
        List<Tensor> inputs = new ArrayList<>();
        List<double[]> alone = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            inputs.add(Fixtures.randn(10 + t, 8, 6));
            alone.add(forward(model, inputs.get(t)));
        }
        List<List<double[]>> together = runTogether(t -> () -> {
            List<double[]> outputs = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                outputs.add(forward(model, inputs.get(t)));
            }
            return outputs;
        });
        for (int t = 0; t < THREADS; t++) {
            for (double[] output : together.get(t)) {
                assertArrayEquals(alone.get(t), output, 0);
            }
        }
    }

    private static double[] forward(Module model, Tensor x) {
        try (var noGrad = Autograd.noGrad()) {
            return model.forward(x).toDoubleArray();
        }
    }

    @Test
    void aDataSetReadByEveryThreadsOwnLoaderGivesEachTheBatchesItGivesOne() throws Exception {
        Dataset data = Dataset.classification(Fixtures.randn(5, 100, 4).data(), Fixtures.classes(6, 100, 3).data());
        List<double[]> alone = batches(data, 7);
        List<List<double[]>> together = runTogether(t -> () -> {
            List<double[]> all = new ArrayList<>();
            for (int round = 0; round < ROUNDS / 10; round++) {
                all.addAll(batches(data, 7));
            }
            return all;
        });
        for (List<double[]> seen : together) {
            assertEquals(alone.size() * (ROUNDS / 10), seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertArrayEquals(alone.get(i % alone.size()), seen.get(i), 0);
            }
        }
    }

    /** Features then labels of every batch of two shuffled epochs of a loader of its own. */
    private static List<double[]> batches(Dataset data, long seed) {
        DataLoader loader = DataLoader.shuffled(data, 16, seed);
        List<double[]> out = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (Batch b : loader.epoch(epoch)) {
                out.add(b.features().toDoubleArray());
                out.add(b.labels().toDoubleArray());
            }
        }
        return out;
    }

    /** Runs each thread's work at once (released by a barrier) and returns the results in thread order. */
    private static <T> List<T> runTogether(java.util.function.IntFunction<Callable<T>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<T> body = work.apply(t);
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
