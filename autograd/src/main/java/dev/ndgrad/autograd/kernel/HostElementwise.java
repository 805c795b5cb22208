package dev.ndgrad.autograd.kernel;

import org.nd4j.linalg.api.buffer.DataType;

/** Elementwise kernels of the host path: plain loops over JVM arrays, broadcasting by {@link BroadcastLoop}. */
final class HostElementwise {

    private HostElementwise() {}

    static Storage unary(UnaryFn f, Storage x) {
        int n = (int) x.length();
        if (x.dtype() == DataType.FLOAT) {
            float[] y = HostArrays.floats(n);
            f.floats(x.floats(), y, n);
            return Storage.ofFloats(y, x.shape());
        }
        double[] y = HostArrays.doubles(n);
        f.doubles(x.doubles(), y, n);
        return Storage.ofDoubles(y, x.shape());
    }

    static Storage scalar(ScalarFn f, Storage x, double c, DataType outType) {
        int n = (int) x.length();
        if (x.dtype() == DataType.FLOAT && outType == DataType.FLOAT) {
            float[] y = HostArrays.floats(n);
            f.floats(x.floats(), (float) c, y, n);
            return Storage.ofFloats(y, x.shape());
        }
        double[] in = x.dtype() == DataType.DOUBLE ? x.doubles() : x.toDoubleArray();
        double[] y = HostArrays.doubles(n);
        f.doubles(in, c, y, n);
        return outType == DataType.DOUBLE ? Storage.ofDoubles(y, x.shape()) : Storage.ofHost(outType, y, x.shape());
    }

    /** {@code f(a, b)} broadcast; the result has {@code outType} (the operands' dtype, or a mask's). */
    static Storage binary(BinaryFn f, Storage a, Storage b, long[] shape, DataType outType) {
        int n = Storage.checkedLength(shape);
        if (a.length() == n && b.length() == n && a.dtype() == DataType.FLOAT && b.dtype() == DataType.FLOAT
                && outType == DataType.FLOAT) {
            float[] y = HostArrays.floats(n);       // same number of elements as the result: no broadcasting to walk
            f.floats(a.floats(), 0, b.floats(), 0, y, 0, n);
            return Storage.ofFloats(y, shape);
        }
        BroadcastLoop loop = BroadcastLoop.of(shape, a.shapeRef(), b.shapeRef());
        if (a.dtype() == DataType.FLOAT && b.dtype() == DataType.FLOAT && outType == DataType.FLOAT) {
            float[] y = HostArrays.floats(n);
            floats(f, loop, a.floats(), b.floats(), y);
            return Storage.ofFloats(y, shape);
        }
        double[] x1 = a.dtype() == DataType.DOUBLE ? a.doubles() : a.toDoubleArray();
        double[] x2 = b.dtype() == DataType.DOUBLE ? b.doubles() : b.toDoubleArray();
        double[] y = HostArrays.doubles(n);
        doubles(f, loop, x1, x2, y);
        return outType == DataType.DOUBLE ? Storage.ofDoubles(y, shape) : Storage.ofHost(outType, y, shape);
    }

    private static void floats(BinaryFn f, BroadcastLoop loop, float[] a, float[] b, float[] y) {
        int length = loop.rowLength();
        float[] rowA = loop.contiguous(0) ? null : new float[length];
        float[] rowB = loop.contiguous(1) ? null : new float[length];
        int filledA = -1;
        int filledB = -1;
        for (int r = 0; r < loop.rows(); r++) {
            int oa = loop.offset(0, r);
            int ob = loop.offset(1, r);
            if (rowA != null && oa != filledA) {
                java.util.Arrays.fill(rowA, a[oa]);
                filledA = oa;
            }
            if (rowB != null && ob != filledB) {
                java.util.Arrays.fill(rowB, b[ob]);
                filledB = ob;
            }
            f.floats(rowA == null ? a : rowA, rowA == null ? oa : 0, rowB == null ? b : rowB, rowB == null ? ob : 0, y,
                    r * length, length);
        }
    }

    private static void doubles(BinaryFn f, BroadcastLoop loop, double[] a, double[] b, double[] y) {
        int length = loop.rowLength();
        double[] rowA = loop.contiguous(0) ? null : new double[length];
        double[] rowB = loop.contiguous(1) ? null : new double[length];
        for (int r = 0; r < loop.rows(); r++) {
            int oa = loop.offset(0, r);
            int ob = loop.offset(1, r);
            if (rowA != null) {
                java.util.Arrays.fill(rowA, a[oa]);
            }
            if (rowB != null) {
                java.util.Arrays.fill(rowB, b[ob]);
            }
            f.doubles(rowA == null ? a : rowA, rowA == null ? oa : 0, rowB == null ? b : rowB, rowB == null ? ob : 0, y,
                    r * length, length);
        }
    }

    /** {@code mask ≠ 0 ? a : b}, broadcast to {@code shape}; {@code a} and {@code b} share a dtype. */
    static Storage select(Storage mask, Storage a, Storage b, long[] shape) {
        BroadcastLoop loop = BroadcastLoop.of(shape, mask.shapeRef(), a.shapeRef(), b.shapeRef());
        int n = Storage.checkedLength(shape);
        double[] c = mask.dtype() == DataType.DOUBLE ? mask.doubles() : mask.toDoubleArray();
        // where each output element comes from: +k+1 for element k of a, −k−1 for element k of b
        int[] source = new int[n];
        int length = loop.rowLength();
        for (int r = 0; r < loop.rows(); r++) {
            for (int i = 0; i < length; i++) {
                boolean pick = c[loop.offset(0, r) + (loop.contiguous(0) ? i : 0)] != 0;
                source[r * length + i] = pick ? loop.offset(1, r) + (loop.contiguous(1) ? i : 0) + 1
                        : -(loop.offset(2, r) + (loop.contiguous(2) ? i : 0)) - 1;
            }
        }
        if (a.dtype() == DataType.FLOAT) {
            float[] x1 = a.floats();
            float[] x2 = b.floats();
            float[] y = HostArrays.floats(n);
            for (int i = 0; i < n; i++) {
                y[i] = source[i] > 0 ? x1[source[i] - 1] : x2[-source[i] - 1];
            }
            return Storage.ofFloats(y, shape);
        }
        double[] x1 = a.doubles();
        double[] x2 = b.doubles();
        double[] y = HostArrays.doubles(n);
        for (int i = 0; i < n; i++) {
            y[i] = source[i] > 0 ? x1[source[i] - 1] : x2[-source[i] - 1];
        }
        return Storage.ofDoubles(y, shape);
    }

    /** The values in another dtype (FLOAT, DOUBLE or LONG; to LONG rounds toward zero, as a cast does). */
    static Storage cast(Storage x, DataType dtype) {
        if (dtype == DataType.DOUBLE && x.dtype() == DataType.FLOAT) {
            return Storage.ofDoubles(x.toDoubleArray(), x.shape());
        }
        return Storage.ofHost(dtype, x.dtype() == DataType.DOUBLE ? x.doubles() : x.toDoubleArray(), x.shape());
    }
}
