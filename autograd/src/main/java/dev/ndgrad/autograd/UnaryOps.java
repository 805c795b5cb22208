package dev.ndgrad.autograd;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elementwise functions and activations. Each: forward on arrays, then its VJP in Tensor ops.
 * Activations keep a fused rule (in terms of their output) because it is cheaper and more stable
 * than differentiating a composition of exp and div.
 */
final class UnaryOps {

    private UnaryOps() {}

    /** y = eˣ;  ∂x = g ⊙ y. */
    static final Function EXP = new BuiltInOp("exp") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveOutputForBackward();
            return ArrayOps.exp(in[0].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.output())};
        }
    };

    /** y = ln x;  ∂x = g / x. */
    static final Function LOG = new BuiltInOp("log") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveForBackward(in[0]);
            return ArrayOps.log(in[0].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.div(ctx.saved(0))};
        }
    };

    /** y = √x;  ∂x = g / (2y). */
    static final Function SQRT = new BuiltInOp("sqrt") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveOutputForBackward();
            return ArrayOps.sqrt(in[0].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.div(ctx.output()).mul(0.5)};
        }
    };

    /** y = |x|;  ∂x = g ⊙ sign(x), with sign(0) = 0. */
    static final Function ABS = new BuiltInOp("abs") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveForBackward(constant(ArrayOps.sign(in[0].data())));
            return ArrayOps.abs(in[0].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(0))};
        }
    };

    /** y = σ(x) = 1/(1 + e⁻ˣ);  ∂x = g ⊙ y(1 − y). */
    static final Function SIGMOID = new BuiltInOp("sigmoid") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveOutputForBackward();
            return ArrayOps.sigmoid(in[0].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {SIGMOID_GRAD.apply(ctx.output(), grad)};
        }
    };

    /**
     * z = g ⊙ y(1 − y), sigmoid's backward as one op (not three);  ∂g = ḡ ⊙ y(1 − y), ∂y = ḡ ⊙ g ⊙ (1 − 2y).
     * Inputs: the sigmoid's output y, then g.
     */
    static final Function SIGMOID_GRAD = new BuiltInOp("sigmoidBackward") {
        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return ArrayOps.sigmoidGrad(in[0].data(), in[1].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor y = ctx.saved(0);
            Tensor g = ctx.saved(1);
            return new Tensor[] {
                ctx.needsInputGrad(0) ? grad.mul(g).mul(y.mul(-2).add(1)) : null,
                ctx.needsInputGrad(1) ? apply(y, grad) : null};
        }
    };

    /** y = tanh x;  ∂x = g ⊙ (1 − y²). */
    static final Function TANH = new BuiltInOp("tanh") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveOutputForBackward();
            return ArrayOps.tanh(in[0].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {TANH_GRAD.apply(ctx.output(), grad)};
        }
    };

    /**
     * z = g ⊙ (1 − y²), tanh's backward as one op (not three);  ∂g = ḡ ⊙ (1 − y²), ∂y = −2·ḡ ⊙ g ⊙ y.
     * Inputs: the tanh's output y, then g.
     */
    static final Function TANH_GRAD = new BuiltInOp("tanhBackward") {
        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return ArrayOps.tanhGrad(in[0].data(), in[1].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor y = ctx.saved(0);
            Tensor g = ctx.saved(1);
            return new Tensor[] {
                ctx.needsInputGrad(0) ? grad.mul(g).mul(y).mul(-2) : null,
                ctx.needsInputGrad(1) ? apply(y, grad) : null};
        }
    };

    /** y = max(x, 0);  ∂x = g ⊙ [x &gt; 0] (0 at the kink x = 0). */
    static final Function RELU = new BuiltInOp("relu") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveForBackward(constant(ArrayOps.greaterThan(in[0].data(), 0.0)));
            return ArrayOps.relu(in[0].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(0))};
        }
    };

    /** y = ln(1 + eˣ);  ∂x = g ⊙ σ(x). */
    static final Function SOFTPLUS = new BuiltInOp("softplus") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveForBackward(in[0]);
            return ArrayOps.softplus(in[0].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(0).sigmoid())};
        }
    };

    /** y = x for x &gt; 0, a·x otherwise;  ∂x = g ⊙ (1 or a). */
    static final class LeakyRelu extends BuiltInOp {
        private final double slope;

        LeakyRelu(double slope) {
            super("leakyRelu");
            this.slope = slope;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            INDArray positive = ArrayOps.greaterThan(in[0].data(), 0.0);
            ctx.saveForBackward(constant(positive.muli(1 - slope).addi(slope)));
            return ArrayOps.leakyRelu(in[0].data(), slope);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(0))};
        }
    }

    /** y = min(max(x, lo), hi);  ∂x = g ⊙ [lo ≤ x ≤ hi]. */
    static final class Clamp extends BuiltInOp {
        private final double min;
        private final double max;

        Clamp(double min, double max) {
            super("clamp");
            this.min = min;
            this.max = max;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            INDArray x = in[0].data();
            ctx.saveForBackward(constant(ArrayOps.greaterOrEqual(x, min).muli(ArrayOps.lessOrEqual(x, max))));
            return ArrayOps.clamp(x, min, max);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(0))};
        }
    }

    /** A change of dtype;  ∂x = g cast back to x's dtype. */
    static final class Cast extends BuiltInOp {
        private final DataType dtype;

        Cast(DataType dtype) {
            super("to(" + dtype + ")");
            this.dtype = dtype;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            return ArrayOps.cast(in[0].data(), dtype);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.to(ctx.inputDtype(0))};
        }
    }
}
