package dev.ndgrad.autograd.kernel;

/**
 * How to walk operands broadcast to a common shape as rows: after merging the axes that every operand
 * walks contiguously (NumPy's iterator does the same), the output is {@code rows} rows of
 * {@code rowLength} elements; in each row an operand is either contiguous (stride 1) or one repeated
 * element (stride 0), starting at {@link #offset}. Same-shape operands make one row of everything.
 */
final class BroadcastLoop {

    private final int rows;
    private final int rowLength;
    private final boolean[] contiguous;
    private final int[][] offsets;      // [operand][row]

    private BroadcastLoop(int rows, int rowLength, boolean[] contiguous, int[][] offsets) {
        this.rows = rows;
        this.rowLength = rowLength;
        this.contiguous = contiguous;
        this.offsets = offsets;
    }

    /** The walk of operands of {@code shapes} broadcast to {@code out} (already checked to broadcast). */
    static BroadcastLoop of(long[] out, long[]... shapes) {
        int rank = out.length;
        int k = shapes.length;
        long[][] strides = new long[k][rank];
        for (int j = 0; j < k; j++) {
            long[] s = shapes[j];
            long stride = 1;
            for (int d = rank - 1; d >= 0; d--) {
                int sd = d - (rank - s.length);
                long dim = sd >= 0 ? s[sd] : 1;
                strides[j][d] = dim == 1 ? 0 : stride;
                stride *= dim;
            }
        }
        // merge axis d into d+1 where, for every operand, stepping d is stepping d+1 out[d+1] times
        long[] dims = new long[rank];
        long[][] st = new long[k][rank];
        int m = 0;
        for (int d = rank - 1; d >= 0; d--) {
            if (out[d] == 1) {
                continue;
            }
            boolean merge = m > 0;
            for (int j = 0; merge && j < k; j++) {
                merge = strides[j][d] == st[j][m - 1] * dims[m - 1];
            }
            if (merge) {
                dims[m - 1] *= out[d];
            } else {
                dims[m] = out[d];
                for (int j = 0; j < k; j++) {
                    st[j][m] = strides[j][d];
                }
                m++;
            }
        }
        // dims[0..m) now run from the innermost outwards
        if (m == 0) {
            boolean[] contiguous = new boolean[k];
            int[][] offsets = new int[k][1];
            java.util.Arrays.fill(contiguous, true);
            return new BroadcastLoop(Shapes.length(out) == 0 ? 0 : 1, 1, contiguous, offsets);
        }
        int rowLength = Math.toIntExact(dims[0]);
        int rows = Math.toIntExact(Shapes.length(out) / Math.max(rowLength, 1));
        boolean[] contiguous = new boolean[k];
        int[][] offsets = new int[k][rows];
        for (int j = 0; j < k; j++) {
            contiguous[j] = st[j][0] != 0;
        }
        long[] index = new long[m];
        long[] offset = new long[k];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                offsets[j][r] = (int) offset[j];
            }
            for (int d = 1; d < m; d++) {          // odometer over the outer axes
                index[d]++;
                for (int j = 0; j < k; j++) {
                    offset[j] += st[j][d];
                }
                if (index[d] < dims[d]) {
                    break;
                }
                for (int j = 0; j < k; j++) {
                    offset[j] -= st[j][d] * dims[d];
                }
                index[d] = 0;
            }
        }
        return new BroadcastLoop(rows, rowLength, contiguous, offsets);
    }

    int rows() {
        return rows;
    }

    int rowLength() {
        return rowLength;
    }

    /** Whether operand {@code j} is contiguous along a row (else one element repeated). */
    boolean contiguous(int j) {
        return contiguous[j];
    }

    /** Where operand {@code j}'s part of row {@code r} starts. */
    int offset(int j, int r) {
        return offsets[j][r];
    }
}
