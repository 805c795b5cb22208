package dev.ndgrad.autograd;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elementwise arithmetic with NumPy broadcasting. Each op: forward on arrays, then its VJP in Tensor
 * ops ({@code grad} is ∂L/∂y; the engine sums a broadcast gradient back to each input's shape).
 */
final class ArithmeticOps {

    private ArithmeticOps() {}

    /** y = a + b;  ∂a = g, ∂b = g. */
    static final Function ADD = new BuiltInOp("add") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkBinary(in[0], in[1]);
            return ArrayOps.add(in[0].data(), in[1].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad, grad};
        }
    };

    /** y = a − b;  ∂a = g, ∂b = −g. */
    static final Function SUB = new BuiltInOp("sub") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkBinary(in[0], in[1]);
            return ArrayOps.sub(in[0].data(), in[1].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad, ctx.needsInputGrad(1) ? grad.neg() : null};
        }
    };

    /** y = a ⊙ b;  ∂a = g ⊙ b, ∂b = g ⊙ a. */
    static final Function MUL = new BuiltInOp("mul") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkBinary(in[0], in[1]);
            ctx.saveForBackward(in[0], in[1]);
            return ArrayOps.mul(in[0].data(), in[1].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor a = ctx.saved(0);
            Tensor b = ctx.saved(1);
            return new Tensor[] {
                ctx.needsInputGrad(0) ? grad.mul(b) : null,
                ctx.needsInputGrad(1) ? grad.mul(a) : null};
        }
    };

    /** y = a / b;  ∂a = g / b, ∂b = −g ⊙ y / b. */
    static final Function DIV = new BuiltInOp("div") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkBinary(in[0], in[1]);
            ctx.saveForBackward(in[1]);
            ctx.saveOutputForBackward();
            return ArrayOps.div(in[0].data(), in[1].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor b = ctx.saved(0);
            Tensor ga = grad.div(b);
            return new Tensor[] {ga, ctx.needsInputGrad(1) ? ga.mul(ctx.output()).neg() : null};
        }
    };

    /** y = aᵇ;  ∂a = g ⊙ b ⊙ aᵇ⁻¹, ∂b = g ⊙ y ⊙ ln a (a &gt; 0). */
    static final Function POW = new BuiltInOp("pow") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkBinary(in[0], in[1]);
            ctx.saveForBackward(in[0], in[1]);
            ctx.saveOutputForBackward();
            return ArrayOps.pow(in[0].data(), in[1].data());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor a = ctx.saved(0);
            Tensor b = ctx.saved(1);
            return new Tensor[] {
                ctx.needsInputGrad(0) ? grad.mul(b).mul(a.pow(b.sub(1))) : null,
                ctx.needsInputGrad(1) ? grad.mul(ctx.output()).mul(a.log()) : null};
        }
    };

    /** y = max(a, b);  the gradient goes to the larger operand, half to each at ties. */
    static final Function MAXIMUM = new Extremum("maximum", true);

    /** y = min(a, b);  the gradient goes to the smaller operand, half to each at ties. */
    static final Function MINIMUM = new Extremum("minimum", false);

    private static final class Extremum extends BuiltInOp {
        private final boolean max;

        Extremum(String name, boolean max) {
            super(name);
            this.max = max;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkBinary(in[0], in[1]);
            INDArray a = in[0].data();
            INDArray b = in[1].data();
            // share of the gradient that goes to a: 1 where a wins, 0 where b wins, ½ at ties
            INDArray aWins = max ? ArrayOps.greaterThan(a, b) : ArrayOps.greaterThan(b, a);
            INDArray share = aWins.addi(ArrayOps.equalTo(a, b).muli(0.5));
            ctx.saveForBackward(constant(share));
            return max ? ArrayOps.maximum(a, b) : ArrayOps.minimum(a, b);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor share = ctx.saved(0);
            return new Tensor[] {grad.mul(share), ctx.needsInputGrad(1) ? grad.mul(share.rsub(1)) : null};
        }
    }

    /** y = condition ? a : b;  ∂a = g ⊙ c, ∂b = g ⊙ (1 − c); the condition gets none. */
    static final Function WHERE = new BuiltInOp("where") {
        protected INDArray forward(Context ctx, Tensor... in) {
            long[] shape = checkBinary(in[1], in[2]);
            shape = Shapes.broadcast(name(), in[0].shape(), shape);
            INDArray c = ArrayOps.broadcastTo(in[0].data().neq(0).castTo(in[1].dtype()), shape);
            INDArray a = ArrayOps.broadcastTo(in[1].data(), shape);
            INDArray b = ArrayOps.broadcastTo(in[2].data(), shape);
            ctx.saveForBackward(constant(c));
            // select rather than c·a + (1−c)·b, which would turn an unselected ±∞ into NaN
            return ArrayOps.select(c, a, b);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor c = ctx.saved(0);
            return new Tensor[] {null,
                ctx.needsInputGrad(1) ? grad.mul(c) : null,
                ctx.needsInputGrad(2) ? grad.mul(c.rsub(1)) : null};
        }
    };

    /** y = x + c;  ∂x = g. */
    static final class AddScalar extends BuiltInOp {
        private final double c;

        AddScalar(double c) {
            super("add");
            this.c = c;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            return ArrayOps.addScalar(in[0].data(), c);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad};
        }
    }

    /** y = c − x;  ∂x = −g. One primitive rather than {@code neg} then {@code add}. */
    static final class RSubScalar extends BuiltInOp {
        private final double c;

        RSubScalar(double c) {
            super("rsub");
            this.c = c;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            return ArrayOps.rsubScalar(in[0].data(), c);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.neg()};
        }
    }

    /** y = c·x;  ∂x = c·g. */
    static final class MulScalar extends BuiltInOp {
        private final double c;

        MulScalar(double c) {
            super("mul");
            this.c = c;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            return ArrayOps.mulScalar(in[0].data(), c);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.mul(c)};
        }
    }

    /** y = c / x;  ∂x = −g ⊙ y / x. */
    static final class RDivScalar extends BuiltInOp {
        private final double c;

        RDivScalar(double c) {
            super("rdiv");
            this.c = c;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveForBackward(in[0]);
            ctx.saveOutputForBackward();
            return ArrayOps.rdivScalar(in[0].data(), c);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.output()).div(ctx.saved(0)).neg()};
        }
    }

    /** y = xᵖ;  ∂x = g ⊙ p·xᵖ⁻¹. */
    static final class PowScalar extends BuiltInOp {
        private final double p;

        PowScalar(double p) {
            super("pow");
            this.p = p;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            checkFloating(in[0], 0);
            ctx.saveForBackward(in[0]);
            return ArrayOps.powScalar(in[0].data(), p);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor x = ctx.saved(0);
            if (p == 0) {
                return new Tensor[] {grad.mul(0.0)};
            }
            Tensor slope = p == 1 ? grad : p == 2 ? grad.mul(x) : grad.mul(x.pow(p - 1));
            return new Tensor[] {slope.mul(p)};
        }
    }
}
