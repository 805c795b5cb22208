package dev.ndgrad.nn.data;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gathers rows of an array: the one copy a mini-batch costs. Delegates to the kernel behind {@code Tensor.rows}
 * ({@link Kernels#indexSelect}): on the CPU backend, one bulk copy per row out of a dense row-major array into a
 * JVM array that the host path computes on directly.
 */
final class RowGather {

    private RowGather() {
    }

    /** {@code source[rows[0]], source[rows[1]], ...} along axis 0, for a source of rank 1 or 2. */
    static Storage rows(INDArray source, int[] rows) {
        long n = source.size(0);
        long[] index = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= n) {
                throw new IndexOutOfBoundsException("RowGather: row " + rows[i] + " out of range for " + n + " rows");
            }
            index[i] = rows[i];
        }
        return Kernels.indexSelect(Storage.wrap(source), index);
    }


    /** The rows {@code 0..n-1} in order: used to recognise a gather that is the identity. */
    static boolean isIdentity(int[] rows, long n) {
        if (rows.length != n) {
            return false;
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != i) {
                return false;
            }
        }
        return true;
    }

    static int[] range(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }
}
