package dev.ndgrad.autograd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kernels that work on ND4J's host buffers directly, for the CPU backend: no ND4J op, so no per-call
 * dispatch cost. Each one applies only to arrays that are exactly their whole dense {@code c}-ordered
 * buffer (checked, never assumed); {@link ArrayOps} falls back to ND4J for everything else and on other
 * backends. Both paths give the same results (checked by {@code HostKernelProperties} with
 * {@link #enabled} on and off).
 */
final class HostKernels {

    /** Whether arrays live in host memory that {@code asNio()} exposes (the CPU backend). */
    private static final boolean HOST_MEMORY = Nd4j.getBackend().getClass().getSimpleName().contains("Cpu");

    /** Package-private switch for the tests that compare the two paths. */
    static boolean enabled = true;

    private HostKernels() {}

    /**
     * Whether the array is exactly its whole buffer in {@code c} order: then row {@code i} is the bytes
     * {@code [i·rowBytes, (i+1)·rowBytes)}. (A reshape of a fresh array counts; ND4J calls it a view.)
     */
    static boolean isDenseRowMajor(INDArray a) {
        return a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length()
                && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    }

    /** Whether the byte-copy row gather applies to {@code source}. */
    static boolean canCopyRows(INDArray source) {
        return enabled && HOST_MEMORY && source.rank() >= 1 && !source.isEmpty() && isDenseRowMajor(source);
    }

    /**
     * Rows {@code source[rows[0]], source[rows[1]], …} along axis 0 as a new dense {@code c}-ordered array, by
     * one bulk byte copy per row between the native buffers (indices already checked; see {@link #canCopyRows}).
     * About 10x faster than {@code Nd4j.pullRows} for a 128 x 784 mini-batch.
     */
    static INDArray copyRows(INDArray source, long[] rows) {
        long[] shape = source.shape().clone();
        shape[0] = rows.length;
        int rowBytes = Math.toIntExact(source.length() / source.size(0) * source.dataType().width());
        INDArray out = Nd4j.createUninitialized(source.dataType(), shape, 'c');
        ByteBuffer from = source.data().asNio().order(ByteOrder.nativeOrder());
        ByteBuffer to = out.data().asNio().order(ByteOrder.nativeOrder());
        for (int i = 0; i < rows.length; i++) {
            to.put(i * rowBytes, from, Math.toIntExact(rows[i] * rowBytes), rowBytes);
        }
        return out;
    }
}
