package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fused losses: one op where the composition would cost a dozen ND4J calls and graph nodes.
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

    /** Inputs: logits {@code [n, K]}, class indices {@code [n]}. Output: a rank-0 tensor. */
    static final class CrossEntropy extends BuiltInOp {
        private final boolean mean;

        CrossEntropy(boolean mean) {
            super("crossEntropy");
            this.mean = mean;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            Tensor z = in[0];
            checkFloating(z, 0);
            checkArgument(z.rank() == 2, "crossEntropy: logits %s must be [batch, classes]", z.describe());
            checkArgument(in[1].rank() == 1 && in[1].size(0) == z.size(0),
                    "crossEntropy: class indices %s must be an integer tensor [%s] (one class per row of %s)",
                    in[1].describe(), z.size(0), z.describe());
            long[] classes = ShapeOps.checkedIndex(name(), in[1], z.size(1), 1);
            ArrayOps.SoftmaxCrossEntropy r = ArrayOps.softmaxCrossEntropy(z.data(), classes);
            ctx.saveForBackward(z, in[1], constant(r.softmax()));
            double scale = scale(classes.length);
            return ArrayOps.scalarLike(z.data(), r.total() * scale);
        }

        private double scale(long n) {
            return mean ? 1.0 / Math.max(n, 1) : 1.0;
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor z = ctx.saved(0);
            Tensor index = ctx.saved(1);
            Tensor softmax = ctx.saved(2);
            return new Tensor[] {new CrossEntropyGrad(scale(z.size(0))).apply(z, grad, index, softmax), null};
        }
    }

    /**
     * The backward of {@link CrossEntropy} as an op of its own, so that it can be differentiated again:
     * <pre>
     *   y = s·g·(softmax(z) − onehot(c))
     *   ∂z = s·g · softmax(z) ⊙ (ḡ − Σₖ ḡ ⊙ softmax(z))      (the softmax VJP of ḡ)
     *   ∂g = s · Σ ḡ ⊙ (softmax(z) − onehot(c))
     * </pre>
     * Inputs: z, g (rank 0), the class indices, and softmax(z) as computed by the forward (a constant that saves
     * recomputing it; the second-order terms recompute it from z in Tensor ops).
     */
    static final class CrossEntropyGrad extends BuiltInOp {
        private final double scale;

        CrossEntropyGrad(double scale) {
            super("crossEntropyBackward");
            this.scale = scale;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1], in[2]);
            double factor = scale * in[1].item();
            return ArrayOps.scaledMinusOneHot(in[3].data(), ArrayOps.longs(in[2].data()), factor);
        }

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
                Tensor oneHot = constant(ArrayOps.scaledMinusOneHot(ArrayOps.zeros(z.dtype(), z.shape()),
                        ArrayOps.longs(index.data()), 1.0));
                dg = grad.mul(softmax.add(oneHot)).sum().mul(scale);     // oneHot holds −onehot(c)
            }
            return new Tensor[] {dz, dg, null, null};
        }
    }
}
