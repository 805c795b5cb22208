package dev.ndgrad.autograd.kernel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Flat ND4J arrays (CPU backend) into which OpenBLAS writes large results directly, reused after
 * {@link Kernels#release}: a fresh native array of a megabyte costs page faults on first touch, a reused one
 * is mapped and warm. Per thread, by dtype and exact length, bounded; allocated outside any ND4J workspace so that
 * no workspace's end invalidates a pooled array.
 */
final class NativeArrays {

    /** Results of at least this many elements are worth a native home (a copy back would cost about a third of a 64k product). */
    static final long MIN_ELEMENTS = 1L << 16;
    private static final int PER_LENGTH = 8;
    private static final long MAX_BYTES = 256L << 20;

    private final Map<Long, ArrayDeque<INDArray>> floats = new HashMap<>();
    private final Map<Long, ArrayDeque<INDArray>> doubles = new HashMap<>();
    private long bytes;

    private static final ThreadLocal<NativeArrays> POOL = ThreadLocal.withInitial(NativeArrays::new);

    private NativeArrays() {}

    /** A flat FLOAT or DOUBLE array of {@code n} elements whose contents are undefined. */
    static INDArray take(DataType dtype, long n) {
        NativeArrays pool = POOL.get();
        ArrayDeque<INDArray> free = pool.free(dtype).get(n);
        if (free != null && !free.isEmpty()) {
            pool.bytes -= n * dtype.width();
            return free.pop();
        }
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(dtype, n);
        }
    }

    /** Takes back an array from {@link #take} that nothing refers to any more. */
    static void give(INDArray flat) {
        NativeArrays pool = POOL.get();
        long n = flat.length();
        long size = n * flat.dataType().width();
        if (pool.bytes + size > MAX_BYTES) {
            return;
        }
        ArrayDeque<INDArray> free = pool.free(flat.dataType()).computeIfAbsent(n, k -> new ArrayDeque<>());
        if (free.size() < PER_LENGTH) {
            free.push(flat);
            pool.bytes += size;
        }
    }

    private Map<Long, ArrayDeque<INDArray>> free(DataType dtype) {
        return dtype == DataType.DOUBLE ? doubles : floats;
    }
}
