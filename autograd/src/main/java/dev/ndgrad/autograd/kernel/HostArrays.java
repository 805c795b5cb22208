package dev.ndgrad.autograd.kernel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * New JVM arrays for host results, reusing the arrays of storages the engine has released
 * ({@link Kernels#release}): a reused array is still in cache and needs no zeroing, where a fresh one
 * costs about as much as the arithmetic of a small op. Arrays from here have undefined contents: only
 * kernels that write every element take them. Per thread, by exact length, bounded.
 */
final class HostArrays {

    /** Arrays below this many elements are cheap to allocate and not pooled. */
    private static final int MIN_POOLED = 1024;
    private static final int PER_LENGTH = 64;
    private static final long MAX_BYTES = 64L << 20;

    private final Map<Integer, ArrayDeque<float[]>> floats = new HashMap<>();
    private final Map<Integer, ArrayDeque<double[]>> doubles = new HashMap<>();
    private long bytes;

    private static final ThreadLocal<HostArrays> POOL = ThreadLocal.withInitial(HostArrays::new);

    private HostArrays() {}

    /** A float array of length {@code n} whose contents are undefined. */
    static float[] floats(int n) {
        if (n >= MIN_POOLED) {
            HostArrays pool = POOL.get();
            ArrayDeque<float[]> free = pool.floats.get(n);
            if (free != null && !free.isEmpty()) {
                pool.bytes -= 4L * n;
                return free.pop();
            }
        }
        return new float[n];
    }

    /** A double array of length {@code n} whose contents are undefined. */
    static double[] doubles(int n) {
        if (n >= MIN_POOLED) {
            HostArrays pool = POOL.get();
            ArrayDeque<double[]> free = pool.doubles.get(n);
            if (free != null && !free.isEmpty()) {
                pool.bytes -= 8L * n;
                return free.pop();
            }
        }
        return new double[n];
    }

    /** Takes back an array nothing refers to any more. */
    static void give(Object array) {
        HostArrays pool = POOL.get();
        if (array instanceof float[]) {
            float[] a = (float[]) array;
            if (a.length >= MIN_POOLED && pool.bytes + 4L * a.length <= MAX_BYTES) {
                ArrayDeque<float[]> free = pool.floats.computeIfAbsent(a.length, k -> new ArrayDeque<>());
                if (free.size() < PER_LENGTH) {
                    free.push(a);
                    pool.bytes += 4L * a.length;
                }
            }
        } else if (array instanceof double[]) {
            double[] a = (double[]) array;
            if (a.length >= MIN_POOLED && pool.bytes + 8L * a.length <= MAX_BYTES) {
                ArrayDeque<double[]> free = pool.doubles.computeIfAbsent(a.length, k -> new ArrayDeque<>());
                if (free.size() < PER_LENGTH) {
                    free.push(a);
                    pool.bytes += 8L * a.length;
                }
            }
        }
    }
}
