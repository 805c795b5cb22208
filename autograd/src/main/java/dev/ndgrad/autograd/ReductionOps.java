package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.BinaryFn;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.ScalarFn;
import dev.ndgrad.autograd.kernel.Shapes;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.UnaryFn;
import java.util.Arrays;

/** Reductions along axes, and the normalisations over an axis (softmax, log-softmax). */
final class ReductionOps {

    private ReductionOps() {}

    /** Distinct, sorted, non-negative axes, or an error naming the op. */
    static int[] normalise(String op, int[] axes, int rank) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = Shapes.axis(op, axes[i], rank);
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + out[i] + " appears twice in " + Arrays.toString(axes));
            }
        }
        return out;
    }

    /** {@code mean((x − mean x)²)} along an axis with divisor {@code n − ddof}: a composition, differentiable twice. */
    static Tensor variance(Tensor x, int axis, boolean keepDims, int ddof) {
        int a = Shapes.axis("variance", axis, x.rank());
        long n = x.size(a);
        if (n - ddof <= 0) {
            throw new IllegalArgumentException(String.format(
                    "variance: axis %d of %s has %d elements, not more than ddof %d", axis, x.describe(), n, ddof));
        }
        Tensor centered = x.sub(x.mean(a, true));
        return centered.square().sum(a, keepDims).mul(1.0 / (n - ddof));
    }

    /**
     * {@code ln Σ eˣ} along an axis as {@code m + ln Σ e^{x − m}} with the constant shift {@code m = max x}
     * (no overflow). A non-finite maximum (a slice of −∞, as a mask leaves) is replaced by 0 so that the
     * result is −∞ rather than the NaN of {@code −∞ − (−∞)}; an empty axis gives −∞ (the log of an empty sum).
     */
    static Tensor logSumExp(Tensor x, int axis, boolean keepDims) {
        int a = Shapes.axis("logSumExp", axis, x.rank());
        long[] kept = Shapes.reduced(x.shape(), new int[] {a}, true);
        Tensor shift = x.size(a) == 0 ? Tensor.zeros(x.dtype(), kept)
                : Tensor.constant(Kernels.unary(UnaryFn.FINITE_OR_ZERO, Kernels.max(x.storage(), a, true)));
        Tensor lse = x.sub(shift).exp().sum(a, true).log().add(shift);
        return keepDims ? lse : lse.squeeze(a);
    }

    /**
     * The vector p-norm over {@code axes} (sorted, distinct) for p = 1, 2 or ∞, with PyTorch's conventions where
     * the norm has no derivative: {@code ‖x‖₁ = Σ|x|} (subgradient sign(x), 0 at 0), {@code ‖x‖₂ = √Σx²}
     * (subgradient 0 at x = 0, see {@link Norm2}), {@code ‖x‖_∞ = max|x|} (the gradient split equally between
     * the elements of largest magnitude, as {@link Max} splits ties).
     */
    static Tensor norm(Tensor x, double p, int[] axes, boolean keepDims) {
        if (p == 1) {
            return x.abs().sum(axes, keepDims);
        }
        if (p == 2) {
            return new Norm2(axes, keepDims).apply(x);
        }
        if (p == Double.POSITIVE_INFINITY) {
            Checks.floating("norm", x, 0);
            if (axes.length == x.rank()) {
                Tensor flat = x.abs().reshape(x.size()).max(0, false);
                return keepDims ? flat.reshape(Shapes.reduced(x.shape(), axes, true)) : flat;
            }
            return x.abs().max(axes[0], keepDims);
        }
        throw new IllegalArgumentException("norm: p = " + p + " is not supported (1, 2 or Double.POSITIVE_INFINITY)");
    }

    static final OpKind NORM2 = OpKind.of("norm2");

    /**
     * y = ‖x‖₂ = √(Σ_axes x²);  ∂x = g ⊙ x / y, taken as 0 where y = 0 (PyTorch's subgradient at the origin,
     * where √Σx² has none and the plain composition would give 0/0 = NaN). The masked factor g/y is computed
     * with y replaced by 1 at the origin, so no NaN or ∞ enters the graph: the second derivative there is 0
     * (PyTorch's is NaN).
     */
    static final class Norm2 extends Primitive {
        private final int[] axes;
        private final boolean keepDims;

        Norm2(int[] axes, boolean keepDims) {
            super(NORM2);
            this.axes = axes;
            this.keepDims = keepDims;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Checks.floating("norm", in[0], 0);
            ctx.saveForBackward(in[0]);
            ctx.saveOutputForBackward();
            Storage squares = Kernels.scalar(ScalarFn.POW, in[0].storage(), 2);
            return Kernels.unary(UnaryFn.SQRT, Kernels.sum(squares, axes, keepDims));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor x = ctx.saved(0);
            Tensor y = ctx.output();
            if (!keepDims) {
                long[] kept = Shapes.reduced(ctx.inputShape(0), axes, true);
                y = y.reshape(kept);
                grad = grad.reshape(kept);
            }
            Tensor atOrigin = y.eq(0.0);
            Tensor safe = Tensor.where(atOrigin, 1.0, y);
            return new Tensor[] {x.mul(grad.div(safe).mul(atOrigin.rsub(1)))};
        }
    }

    static final OpKind SUM = OpKind.of("sum");

    /** y = Σ_axes x;  ∂x = g broadcast back over the summed axes. */
    static final class Sum extends Primitive {
        private final int[] axes;
        private final boolean keepDims;

        Sum(int[] axes, boolean keepDims) {
            super(SUM);
            this.axes = axes;
            this.keepDims = keepDims;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Checks.floating(name(), in[0], 0);
            return Kernels.sum(in[0].storage(), axes, keepDims);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new Unsum(axes, keepDims, ctx.inputShape(0)).apply(grad)};
        }
    }

    static final OpKind UNSUM = OpKind.viewOf("unsum", 0);

    /**
     * y = g with the summed axes put back and repeated to the input's shape (the adjoint of {@link Sum}, one
     * op rather than a reshape and a broadcast);  ∂g = ȳ summed over the axes.
     */
    static final class Unsum extends Primitive {
        private final int[] axes;
        private final boolean keepDims;
        private final long[] shape;

        Unsum(int[] axes, boolean keepDims, long[] shape) {
            super(UNSUM);
            this.axes = axes;
            this.keepDims = keepDims;
            this.shape = shape;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Storage g = in[0].storage();
            Storage kept = keepDims ? g : Kernels.reshape(g, Shapes.reduced(shape, axes, true));
            return Arrays.equals(kept.shape(), shape) ? kept : Kernels.broadcastTo(kept, shape);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new Sum(axes, keepDims).apply(grad)};
        }
    }

    static final OpKind MAX = OpKind.of("max");

    /** y = max_axis x;  ∂x = g at the position of the maximum, split equally between ties. */
    static final class Max extends Primitive {
        private final int axis;
        private final boolean keepDims;

        Max(int axis, boolean keepDims) {
            super(MAX);
            this.axis = axis;
            this.keepDims = keepDims;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Checks.floating(name(), in[0], 0);
            Checks.nonEmptyAxis(name(), in[0], axis);
            Storage x = in[0].storage();
            Storage kept = Kernels.max(x, axis, true);
            Storage atMax = Kernels.binary(BinaryFn.EQ, x, kept);
            Storage share = Kernels.binary(BinaryFn.DIV, atMax, Kernels.sum(atMax, new int[] {axis}, true));
            ctx.saveForBackward(Tensor.constant(share));
            return keepDims ? kept : Kernels.reshape(kept, Shapes.reduced(x.shape(), new int[] {axis}, false));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor share = ctx.saved(0);
            Tensor g = keepDims ? grad : grad.reshape(Shapes.reduced(ctx.inputShape(0), new int[] {axis}, true));
            return new Tensor[] {g.mul(share)};
        }
    }

    static final OpKind SOFTMAX = OpKind.of("softmax");

    /** y = e^{x − max} / Σ e^{x − max} along the axis;  ∂x = y ⊙ (g − Σ g ⊙ y). */
    static final class Softmax extends Primitive {
        private final int axis;

        Softmax(int axis) {
            super(SOFTMAX);
            this.axis = axis;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Checks.floating(name(), in[0], 0);
            ctx.saveOutputForBackward();
            return Kernels.softmax(in[0].storage(), axis);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor y = ctx.output();
            return new Tensor[] {y.mul(grad.sub(grad.mul(y).sum(axis, true)))};
        }
    }

    static final OpKind LOG_SOFTMAX = OpKind.of("logSoftmax");

    /** y = x − max − ln Σ e^{x − max} along the axis;  ∂x = g − e^y Σ g. */
    static final class LogSoftmax extends Primitive {
        private final int axis;

        LogSoftmax(int axis) {
            super(LOG_SOFTMAX);
            this.axis = axis;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Checks.floating(name(), in[0], 0);
            ctx.saveOutputForBackward();
            return Kernels.logSoftmax(in[0].storage(), axis);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor y = ctx.output();
            return new Tensor[] {grad.sub(y.exp().mul(grad.sum(axis, true)))};
        }
    }
}
