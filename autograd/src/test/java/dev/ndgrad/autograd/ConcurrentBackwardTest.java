package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ndgrad.autograd.kernel.KernelPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Backward passes on several threads into graphs that share a leaf: every contribution arrives (no lost update)
 * and every element of the leaf's gradient is whole (no torn element), as PyTorch guarantees for its leaves.
 * Each graph is the thread's own; only the leaf is shared.
 */
class ConcurrentBackwardTest {

    private static final int THREADS = 6;
    private static final int BACKWARDS_PER_THREAD = 1000;
    private static final int WIDTH = 64;

    /**
     * Thread t calls backward 1,000 times through {@code Σ (w ⊙ c_t)}, whose gradient is {@code c_t} (the constant
     * {@code t + 1} in every element, integers that add up exactly in DOUBLE): 6,000 contributions in all, so the
     * gradient must be exactly {@code 1,000 · Σ (t + 1) = 21,000} in each of its 64 elements.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @SuppressWarnings("try")   // the path scope acts on close
    void sixThousandBackwardsOnSixThreadsAllArriveInEveryElement(boolean nd4jPath) throws Exception {
        Tensor w = Tensor.zeros(DataType.DOUBLE, WIDTH).requiresGrad(true);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                double c = t + 1;
                done.add(pool.submit(() -> {
                    try (var path = nd4jPath ? KernelPath.nd4jOnly() : null) {
                        Tensor weights = Tensor.full(DataType.DOUBLE, c, WIDTH);
                        start.await();
                        for (int i = 0; i < BACKWARDS_PER_THREAD; i++) {
                            w.mul(weights).sum().backward();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double expected = BACKWARDS_PER_THREAD * (THREADS * (THREADS + 1) / 2.0);
        double[] expectedGrad = new double[WIDTH];
        Arrays.fill(expectedGrad, expected);
        assertEquals(21_000, expected);
        assertArrayEquals(expectedGrad, w.grad().toDoubleArray(), 0);
    }

    /** The same with one shared leaf reached twice in each graph (fan-out), and a gradient seeded by the caller. */
    @Test
    void aLeafUsedTwiceInEachGraphGetsEveryContributionFromEveryThread() throws Exception {
        Tensor w = Tensor.zeros(DataType.DOUBLE, 3, 4).requiresGrad(true);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    Tensor ones = Tensor.ones(DataType.DOUBLE, 3, 4);
                    start.await();
                    for (int i = 0; i < BACKWARDS_PER_THREAD; i++) {
                        w.add(w.mul(2.0)).backward(ones);          // ∂/∂w = 1 + 2 = 3 per element
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), errors);
        double[] expected = new double[12];
        Arrays.fill(expected, 3.0 * THREADS * BACKWARDS_PER_THREAD);
        assertArrayEquals(expected, w.grad().toDoubleArray(), 0);
    }
}
