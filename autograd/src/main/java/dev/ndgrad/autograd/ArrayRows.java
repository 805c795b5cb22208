package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row gathers on raw arrays, outside the graph: the same primitive as {@link Tensor#rows} and
 * {@link Tensor#indexSelect} (a bulk byte copy per row on the CPU backend for dense {@code c}-ordered
 * arrays, {@code Nd4j.pullRows} otherwise), for code that assembles mini-batches from a data set.
 */
public final class ArrayRows {

    private ArrayRows() {}

    /**
     * {@code source[rows[0]], source[rows[1]], …} along axis 0 (repeats allowed) as a new {@code c}-ordered
     * array of {@code source}'s dtype; {@code source} has rank ≥ 1.
     *
     * @throws IndexOutOfBoundsException naming the first row outside {@code [0, source.size(0))}
     */
    public static INDArray gather(INDArray source, long[] rows) {
        checkNotNull(source, "ArrayRows.gather: source is null");
        checkNotNull(rows, "ArrayRows.gather: rows is null");
        checkArgument(source.rank() >= 1, "ArrayRows.gather: source %s has no rows (rank 0)", source.dataType());
        long n = source.size(0);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= n) {
                throw new IndexOutOfBoundsException(String.format(
                        "ArrayRows.gather: row %d at position %d is out of range [0, %d)", rows[i], i, n));
            }
        }
        return ArrayOps.selectRows(source, rows);
    }

    /**
     * Whether {@code a} is exactly its whole dense buffer in {@code c} order (offset 0, c strides, no other
     * elements in the buffer): the arrays that take the byte-copy path on the CPU backend.
     */
    public static boolean isDenseRowMajor(INDArray a) {
        return HostKernels.isDenseRowMajor(a);
    }
}
