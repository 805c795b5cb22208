package dev.ndgrad.autograd;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

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
        long n = x.data().size(a);
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
     * result is −∞ rather than the NaN of {@code −∞ − (−∞)}.
     */
    static Tensor logSumExp(Tensor x, int axis, boolean keepDims) {
        int a = Shapes.axis("logSumExp", axis, x.rank());
        Tensor shift = Tensor.wrap(ArrayOps.finiteOrZero(ArrayOps.max(x.data(), a, true)));
        Tensor lse = x.sub(shift).exp().sum(a, true).log().add(shift);
        return keepDims ? lse : lse.squeeze(a);
    }

    /** y = Σ_axes x;  ∂x = g broadcast back over the summed axes. */
    static final class Sum extends BuiltInOp {
        private final int[] axes;
        private final boolean keepDims;

        Sum(int[] axes, boolean keepDims) {
            super("sum");
            this.axes = axes;
            this.keepDims = keepDims;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            return ArrayOps.sum(in[0].data(), axes, keepDims);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new Unsum(axes, keepDims, ctx.inputShape(0)).apply(grad)};
        }
    }

    /**
     * y = g with the summed axes put back and repeated to the input's shape (the adjoint of {@link Sum}, one
     * op rather than a reshape and a broadcast);  ∂g = ḡ summed over the axes.
     */
    static final class Unsum extends BuiltInOp {
        private final int[] axes;
        private final boolean keepDims;
        private final long[] shape;

        Unsum(int[] axes, boolean keepDims, long[] shape) {
            super("unsum");
            this.axes = axes;
            this.keepDims = keepDims;
            this.shape = shape;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            INDArray g = in[0].data();
            INDArray kept = keepDims ? g : ArrayOps.reshape(g, Shapes.reduced(shape, axes, true));
            if (Arrays.equals(kept.shape(), shape)) {
                ctx.outputIsViewOf(0);      // every summed axis had size 1
                return kept;
            }
            return ArrayOps.broadcastTo(kept, shape);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new Sum(axes, keepDims).apply(grad)};
        }
    }

    /** y = max_axis x;  ∂x = g at the position of the maximum, split equally between ties. */
    static final class Max extends BuiltInOp {
        private final int axis;
        private final boolean keepDims;

        Max(int axis, boolean keepDims) {
            super("max");
            this.axis = axis;
            this.keepDims = keepDims;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            INDArray x = in[0].data();
            INDArray kept = ArrayOps.max(x, axis, true);
            INDArray atMax = ArrayOps.equalTo(x, kept);
            INDArray share = atMax.divi(ArrayOps.sum(atMax, new int[] {axis}, true));
            ctx.saveForBackward(constant(share));
            return keepDims ? kept : ArrayOps.reshape(kept, Shapes.reduced(x.shape(), new int[] {axis}, false));
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor share = ctx.saved(0);
            Tensor g = keepDims ? grad : grad.reshape(Shapes.reduced(ctx.inputShape(0), new int[] {axis}, true));
            return new Tensor[] {g.mul(share)};
        }
    }

    /** y = e^{x − max} / Σ e^{x − max} along the axis;  ∂x = y ⊙ (g − Σ g ⊙ y). */
    static final class Softmax extends BuiltInOp {
        private final int axis;

        Softmax(int axis) {
            super("softmax");
            this.axis = axis;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveOutputForBackward();
            INDArray x = in[0].data();
            INDArray e = ArrayOps.exp(x.sub(ArrayOps.max(x, axis, true)));
            return e.divi(ArrayOps.sum(e, new int[] {axis}, true));
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor y = ctx.output();
            return new Tensor[] {y.mul(grad.sub(grad.mul(y).sum(axis, true)))};
        }
    }

    /** y = x − max − ln Σ e^{x − max} along the axis;  ∂x = g − e^y Σ g. */
    static final class LogSoftmax extends BuiltInOp {
        private final int axis;

        LogSoftmax(int axis) {
            super("logSoftmax");
            this.axis = axis;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveOutputForBackward();
            INDArray x = in[0].data();
            INDArray shifted = x.sub(ArrayOps.max(x, axis, true));
            INDArray logSum = ArrayOps.log(ArrayOps.sum(ArrayOps.exp(shifted), new int[] {axis}, true));
            return shifted.subi(logSum);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor y = ctx.output();
            return new Tensor[] {grad.sub(y.exp().mul(grad.sum(axis, true)))};
        }
    }
}
