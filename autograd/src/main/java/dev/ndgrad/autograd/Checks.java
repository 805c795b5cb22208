package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Shapes;

/** The input checks ops share, each failing with a message that names the op, the input and what was expected. */
final class Checks {

    private Checks() {}

    static void floating(String op, Tensor x, int i) {
        if (!x.dtype().isFPType()) {
            throw new IllegalArgumentException(String.format("%s: input %d %s must be a floating-point tensor", op, i,
                    x.describe()));
        }
    }

    /** Two floating operands of one dtype, with broadcastable shapes; returns the result shape. */
    static long[] binary(String op, Tensor a, Tensor b) {
        floating(op, a, 0);
        floating(op, b, 1);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(String.format(
                    "%s: dtype mismatch, %s vs %s: both operands must have the same floating dtype "
                            + "(convert one with .to(DataType.%s))", op, a.describe(), b.describe(), a.dtype()));
        }
        return Shapes.broadcast(op, a.shape(), b.shape());
    }

    /** An integer tensor of indices, each in {@code [0, bound)}; returns them. */
    static long[] indices(String op, Tensor index, long bound, int axis) {
        if (index.dtype().isFPType() || !index.dtype().isNumerical()) {
            throw new IllegalArgumentException(String.format(
                    "%s: index %s must be an integer tensor (e.g. Tensor.indices(...))", op, index.describe()));
        }
        long[] idx = dev.ndgrad.autograd.kernel.Kernels.longs(index.storage());
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= bound) {
                throw new IndexOutOfBoundsException(String.format(
                        "%s: index %d at position %d is out of range [0, %d) for axis %d", op, idx[i], i, bound, axis));
            }
        }
        return idx;
    }

    /** A tensor that must have elements (a maximum of nothing is undefined). */
    static void nonEmpty(String op, Tensor x) {
        if (x.size() == 0) {
            throw new IllegalArgumentException(String.format("%s: %s has no elements; the %s of no elements is undefined",
                    op, x.describe(), op));
        }
    }

    /** An axis of a reduction that must not be empty (a maximum of nothing is undefined). */
    static void nonEmptyAxis(String op, Tensor x, int axis) {
        if (x.size(axis) == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: axis %d of %s is empty; the %s of no elements is undefined", op, axis, x.describe(), op));
        }
    }
}
