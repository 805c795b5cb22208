package dev.ndgrad.autograd;

import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;

/**
 * Fused losses: one op where the composition would cost a dozen kernel calls and graph nodes.
 *
 * <p>Softmax cross-entropy of logits {@code z [n, K]} at class indices {@code c [n]}:
 * <pre>
 *   L = s · Σᵢ (ln Σₖ e^{zᵢₖ} − zᵢ_{cᵢ})        s = 1/n (mean) or 1 (sum)
 *   ∂L/∂z = s · (softmax(z) − onehot(c))
 * </pre>
 * The forward shifts each row by its maximum (stable for any logits) and keeps the softmax it
 * computes on the way for the backward.
 */
final class LossOps {

    private LossOps() {}

    static final OpKind CROSS_ENTROPY = OpKind.of("crossEntropy");

    /** Inputs: logits {@code [n, K]}, class indices {@code [n]}. Output: a rank-0 tensor. */
    static final class CrossEntropy extends Primitive {
        private final boolean mean;

        CrossEntropy(boolean mean) {
            super(CROSS_ENTROPY);
            this.mean = mean;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Tensor z = in[0];
            Checks.floating(name(), z, 0);
            if (z.rank() != 2) {
                throw new IllegalArgumentException(lenientFormat(
                        "crossEntropy: logits %s must be [batch, classes]", z.describe()));
            }
            if (!(in[1].rank() == 1 && in[1].size(0) == z.size(0))) {
                throw new IllegalArgumentException(lenientFormat(
                        "crossEntropy: class indices %s must be an integer tensor [%s] (one class per row of %s)",
                        in[1].describe(), z.size(0), z.describe()));
            }
            if (!(z.size(1) > 0 || z.size(0) == 0)) {
                throw new IllegalArgumentException(lenientFormat(
                        "crossEntropy: logits %s have no classes", z.describe()));
            }
            long[] classes = Checks.indices(name(), in[1], z.size(1), 1);
            Kernels.SoftmaxCrossEntropy r = Kernels.softmaxCrossEntropy(z.storage(), classes);
            ctx.saveForBackward(z, in[1], Tensor.constant(r.softmax()));
            double value = classes.length == 0 && mean ? Double.NaN : r.total() * scale(classes.length);
            return Kernels.fromDoubles(z.dtype(), new double[] {value});
        }

        private double scale(long n) {
            return mean ? 1.0 / Math.max(n, 1) : 1.0;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor z = ctx.saved(0);
            Tensor index = ctx.saved(1);
            Tensor softmax = ctx.saved(2);
            return new Tensor[] {new CrossEntropyGrad(scale(z.size(0))).apply(z, grad, index, softmax), null};
        }
    }

    static final OpKind CROSS_ENTROPY_GRAD = OpKind.of("crossEntropyBackward");

    /**
     * The backward of {@link CrossEntropy} as an op of its own, so that it can be differentiated again:
     * <pre>
     *   y = s·g·(softmax(z) − onehot(c))
     *   ∂z = s·g · softmax(z) ⊙ (ȳ − Σₖ ȳ ⊙ softmax(z))      (the softmax VJP of ȳ)
     *   ∂g = s · Σ ȳ ⊙ (softmax(z) − onehot(c))
     * </pre>
     * Inputs: z, g (rank 0), the class indices, and softmax(z) as computed by the forward (a constant that saves
     * recomputing it; the second-order terms recompute it from z in Tensor ops).
     */
    static final class CrossEntropyGrad extends Primitive {
        private final double scale;

        CrossEntropyGrad(double scale) {
            super(CROSS_ENTROPY_GRAD);
            this.scale = scale;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1], in[2]);
            double factor = scale * in[1].item();
            return Kernels.scaledMinusOneHot(in[3].storage(), Kernels.longs(in[2].storage()), factor);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor z = ctx.saved(0);
            Tensor g = ctx.saved(1);
            Tensor index = ctx.saved(2);
            Tensor softmax = z.softmax(1);
            Tensor dz = null;
            Tensor dg = null;
            if (ctx.needsInputGrad(0)) {
                dz = softmax.mul(grad.sub(grad.mul(softmax).sum(1, true))).mul(g).mul(scale);
            }
            if (ctx.needsInputGrad(1)) {
                Tensor minusOneHot = Tensor.constant(Kernels.scaledMinusOneHot(
                        Kernels.zeros(z.dtype(), z.shape()), Kernels.longs(index.storage()), 1.0));
                dg = grad.mul(softmax.add(minusOneHot)).sum().mul(scale);
            }
            return new Tensor[] {dz, dg, null, null};
        }
    }

    static final OpKind BINARY_CROSS_ENTROPY = OpKind.of("binaryCrossEntropy");

    /**
     * Binary cross-entropy of probabilities {@code a} at targets {@code t} (same shape), summed or averaged, as one
     * op (one pass instead of a dozen), with each probability clamped to {@code [ε, 1]} inside the logs so that a
     * saturated sigmoid gives a large finite loss:
     * <pre>
     *   L = s · Σ −[t·ln c(a) + (1 − t)·ln c(1 − a)]          c(v) = min(max(v, ε), 1), s = 1/n or 1
     *   ∂a = s·g·(−t·[ε ≤ a ≤ 1]/c(a) + (1 − t)·[ε ≤ 1 − a ≤ 1]/c(1 − a))
     *   ∂t = s·g·(ln c(1 − a) − ln c(a))
     * </pre>
     * The backward is written in Tensor ops (with the clamps themselves), so it can be differentiated again.
     */
    static final class BinaryCrossEntropy extends Primitive {
        private final boolean mean;
        private final double eps;

        BinaryCrossEntropy(boolean mean, double eps) {
            super(BINARY_CROSS_ENTROPY);
            this.mean = mean;
            this.eps = eps;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Tensor a = in[0];
            Tensor t = in[1];
            Checks.binary(name(), a, t);
            if (!(java.util.Arrays.equals(a.shape(), t.shape()))) {
                throw new IllegalArgumentException(lenientFormat(
                        "binaryCrossEntropy: probabilities %s and targets %s must have one shape",
                        a.describe(), t.describe()));
            }
            ctx.saveForBackward(a, t);
            double total = Kernels.binaryCrossEntropy(a.storage(), t.storage(), eps);
            double value = mean ? total / a.size() : total;
            return Kernels.fromDoubles(a.dtype(), new double[] {value});
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor a = ctx.saved(0);
            Tensor t = ctx.saved(1);
            Tensor scaled = mean ? grad.mul(1.0 / a.size()) : grad;
            Tensor ca = a.clamp(eps, 1);
            Tensor cb = a.rsub(1).clamp(eps, 1);
            Tensor ga = null;
            Tensor gt = null;
            if (ctx.needsInputGrad(0)) {
                Tensor inA = Tensor.constant(Kernels.insideMask(a.storage(), eps, 1));
                Tensor inB = Tensor.constant(Kernels.insideMask(Kernels.scalar(
                        dev.ndgrad.autograd.kernel.ScalarFn.RSUB, a.storage(), 1), eps, 1));
                ga = scaled.mul(t.mul(inA).div(ca).neg().add(t.rsub(1).mul(inB).div(cb)));
            }
            if (ctx.needsInputGrad(1)) {
                gt = scaled.mul(cb.log().sub(ca.log()));
            }
            return new Tensor[] {ga, gt};
        }
    }
}
