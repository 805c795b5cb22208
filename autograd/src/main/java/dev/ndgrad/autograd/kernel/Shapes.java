package dev.ndgrad.autograd.kernel;

import java.util.Arrays;

/** Shape arithmetic: NumPy broadcasting, axis normalisation, and the messages for getting them wrong. */
public final class Shapes {

    private Shapes() {}

    /** The NumPy broadcast of two shapes, or an error naming the op and both shapes. */
    public static long[] broadcast(String op, long[] a, long[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = dim(a, i - rank + a.length);
            long db = dim(b, i - rank + b.length);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(String.format(
                        "%s: shapes %s and %s cannot be broadcast: dimension %d is %d vs %d (each must be equal or 1)",
                        op, Arrays.toString(a), Arrays.toString(b), i, da, db));
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    private static long dim(long[] shape, int i) {
        return i < 0 ? 1 : shape[i];
    }

    /** Whether an array of shape {@code from} can be summed down to {@code to} (i.e. {@code to} broadcasts to it). */
    public static boolean canSumTo(long[] from, long[] to) {
        if (to.length > from.length) {
            return false;
        }
        int lead = from.length - to.length;
        for (int i = 0; i < to.length; i++) {
            if (to[i] != 1 && to[i] != from[lead + i]) {
                return false;
            }
        }
        return true;
    }

    /** The axes of {@code from} that are summed away to reach {@code to}; see {@link #canSumTo}. */
    public static int[] axesSummedTo(long[] from, long[] to) {
        int lead = from.length - to.length;
        int[] axes = new int[from.length];
        int n = 0;
        for (int i = 0; i < from.length; i++) {
            if (i < lead || (to[i - lead] == 1 && from[i] != 1)) {
                axes[n++] = i;
            }
        }
        return Arrays.copyOf(axes, n);
    }

    /** A possibly negative axis as an index in {@code [0, rank)}, or an error naming the op. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(String.format(
                    "%s: axis %d is out of range for a tensor of rank %d (expected %d to %d)", op, axis, rank, -rank,
                    rank - 1));
        }
        return a;
    }

    /** The shape a reduction over {@code axes} leaves, with or without the reduced axes kept as 1. */
    public static long[] reduced(long[] shape, int[] axes, boolean keepDims) {
        boolean[] drop = new boolean[shape.length];
        for (int a : axes) {
            drop[a] = true;
        }
        long[] out = new long[shape.length];
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!drop[i]) {
                out[n++] = shape[i];
            } else if (keepDims) {
                out[n++] = 1;
            }
        }
        return Arrays.copyOf(out, n);
    }

    public static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public static int[] allAxes(int rank) {
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        return axes;
    }

    public static String str(long[] shape) {
        return Arrays.toString(shape);
    }
}
