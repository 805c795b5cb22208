package dev.ndgrad.tests.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shape arithmetic for the planners: NumPy broadcasting, partner shapes, axes, and the margins of kinks. */
final class ShapeMath {

    private ShapeMath() {}

    /** Whether two shapes broadcast together (NumPy's rules). */
    static boolean broadcastable(long[] a, long[] b) {
        for (int i = 1; i <= Math.min(a.length, b.length); i++) {
            long x = a[a.length - i];
            long y = b[b.length - i];
            if (x != y && x != 1 && y != 1) {
                return false;
            }
        }
        return true;
    }

    /** The broadcast of two shapes that broadcast together. */
    static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 1; i <= rank; i++) {
            long x = i <= a.length ? a[a.length - i] : 1;
            long y = i <= b.length ? b[b.length - i] : 1;
            out[rank - i] = x == 1 ? y : x;
        }
        return out;
    }

    /**
     * A shape that broadcasts with {@code shape}: the same, with some leading axes dropped, some axes set to 1, or a
     * new leading axis (so that the result is larger than both).
     */
    static long[] partner(GraphBuilder.Pool p, Choices c, long[] shape) {
        long[] s = reducedPartner(c, shape);
        if (s.length == shape.length && s.length < 3 && c.oneIn(4)) {
            long[] grown = new long[s.length + 1];
            grown[0] = p.dim(c);
            System.arraycopy(s, 0, grown, 1, s.length);
            return grown;
        }
        return s;
    }

    /** {@code shape} with some leading axes dropped and some axes set to 1: a shape that broadcasts to it. */
    static long[] reducedPartner(Choices c, long[] shape) {
        int drop = c.oneIn(3) ? c.next(shape.length + 1) : 0;
        long[] s = Arrays.copyOfRange(shape, drop, shape.length);
        for (int i = 0; i < s.length; i++) {
            if (c.oneIn(3)) {
                s[i] = 1;
            }
        }
        return s;
    }

    /** An axis of value {@code x} (rank ≥ 1), negative half the time. */
    static int axis(GraphBuilder.Pool p, Choices c, int x) {
        int r = p.rank(x);
        return c.next(2 * r) - r;
    }

    /** Whether {@code t} has {@code s}'s rank and sizes except along {@code axis}. */
    static boolean agreeBut(long[] t, long[] s, int axis) {
        if (t.length != s.length) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (i != axis && t[i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether values {@code a} and {@code b} (broadcast) are at least the kink margin apart everywhere (or ties are wanted). */
    static boolean apart(GraphBuilder.Pool p, int a, int b) {
        if (p.edgeValues()) {
            return true;    // ties wanted
        }
        long[] sa = p.shape(a);
        long[] sb = p.shape(b);
        long[] out = broadcast(sa, sb);
        double[] va = p.values(a);
        double[] vb = p.values(b);
        long n = 1;
        for (long d : out) {
            n *= d;
        }
        for (long k = 0; k < n; k++) {
            if (Math.abs(va[(int) source(k, out, sa)] - vb[(int) source(k, out, sb)]) < ValueDomain.MARGIN) {
                return false;
            }
        }
        return true;
    }

    /** The row-major offset in {@code from} that element {@code k} of the broadcast shape {@code out} reads. */
    private static long source(long k, long[] out, long[] from) {
        long offset = 0;
        long stride = 1;
        for (int i = 1; i <= out.length; i++) {
            long index = k % out[out.length - i];
            k /= out[out.length - i];
            if (i <= from.length) {
                long d = from[from.length - i];
                offset += (d == 1 ? 0 : index) * stride;
                stride *= d;
            }
        }
        return offset;
    }

    /**
     * Whether, along {@code axis}, the largest and the smallest value of every slice are each at least the kink margin
     * from the next (so that max and min have one winner, and a small step cannot change it).
     */
    static boolean distinctAlong(double[] values, long[] shape, int axis) {
        long n = shape[axis];
        long inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        long outer = values.length / Math.max(1, n * inner);
        for (long o = 0; o < outer; o++) {
            for (long in = 0; in < inner; in++) {
                List<Double> slice = new ArrayList<>();
                for (long j = 0; j < n; j++) {
                    slice.add(values[(int) ((o * n + j) * inner + in)]);
                }
                slice.sort(null);
                if (slice.size() > 1 && (slice.get(slice.size() - 1) - slice.get(slice.size() - 2) < ValueDomain.MARGIN
                        || slice.get(1) - slice.get(0) < ValueDomain.MARGIN)) {
                    return false;
                }
            }
        }
        return true;
    }
}
