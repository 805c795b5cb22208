package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Shapes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import org.nd4j.linalg.api.buffer.DataType;

/** Plain-loop reference implementations on flat row-major {@code double[]}s, independent of ND4J. */
final class Reference {

    private Reference() {}

    /** NumPy's broadcast shape, computed independently of {@link Shapes#broadcast}. */
    static long[] broadcastShape(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 1; i <= rank; i++) {
            long da = i <= a.length ? a[a.length - i] : 1;
            long db = i <= b.length ? b[b.length - i] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new AssertionError("not broadcastable: " + Arrays.toString(a) + " " + Arrays.toString(b));
            }
            out[rank - i] = Math.max(da, db);
        }
        return out;
    }

    /** {@code op(a[...], b[...])} for every position of {@code shape}, reading each operand through broadcasting. */
    static double[] broadcast(long[] shape, double[] a, long[] sa, double[] b, long[] sb,
            DoubleBinaryOperator op) {
        int n = Math.toIntExact(Shapes.length(shape));
        double[] out = new double[n];
        long[] coordinate = new long[shape.length];
        for (int k = 0; k < n; k++) {
            long rest = k;
            for (int d = shape.length - 1; d >= 0; d--) {
                coordinate[d] = rest % shape[d];
                rest /= shape[d];
            }
            out[k] = op.applyAsDouble(a[offset(coordinate, sa)], b[offset(coordinate, sb)]);
        }
        return out;
    }

    /** The row-major offset in an operand of shape {@code s} that broadcasts to the coordinate. */
    static int offset(long[] coordinate, long[] s) {
        int lead = coordinate.length - s.length;
        long offset = 0;
        for (int d = 0; d < s.length; d++) {
            offset = offset * s[d] + (s[d] == 1 ? 0 : coordinate[lead + d]);
        }
        return Math.toIntExact(offset);
    }

    /** The tensor has the shape and dtype, and its values are within rounding of {@code expected}. */
    static void assertClose(String what, long[] shape, double[] expected, Tensor actual, DataType dtype) {
        assertArrayEquals(shape, actual.shape(), what + ": shape");
        assertEquals(dtype, actual.dtype(), what + ": dtype");
        double[] got = actual.toDoubleArray();
        double rtol = dtype == DataType.FLOAT ? 1e-6 : 1e-13;
        for (int i = 0; i < expected.length; i++) {
            double tolerance = rtol * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], got[i], tolerance, what + ": element " + i);
        }
    }
}
