package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.BinaryFn;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.ScalarFn;
import dev.ndgrad.autograd.kernel.Shapes;
import dev.ndgrad.autograd.kernel.Storage;

/**
 * Elementwise arithmetic with NumPy broadcasting. Each op: its forward kernel, what it saves, and its
 * VJP in Tensor ops ({@code g} is ∂L/∂y; the engine sums a broadcast gradient back to each input's shape).
 */
final class ArithmeticOps {

    private ArithmeticOps() {}

    /** y = a + b;  ∂a = g, ∂b = g. */
    static final BinaryOp ADD = BinaryOp.of("add", BinaryFn.ADD, Saves.NOTHING, (g, a, b, y) -> g, (g, a, b, y) -> g);

    /** y = a − b;  ∂a = g, ∂b = −g. */
    static final BinaryOp SUB = BinaryOp.of("sub", BinaryFn.SUB, Saves.NOTHING, (g, a, b, y) -> g,
            (g, a, b, y) -> g.neg());

    /** y = a ⊙ b;  ∂a = g ⊙ b, ∂b = g ⊙ a. */
    static final BinaryOp MUL = BinaryOp.of("mul", BinaryFn.MUL, Saves.INPUTS, (g, a, b, y) -> g.mul(b),
            (g, a, b, y) -> g.mul(a));

    /** y = a / b;  ∂a = g / b, ∂b = −g ⊙ y / b. */
    static final BinaryOp DIV = BinaryOp.of("div", BinaryFn.DIV, Saves.INPUTS_AND_OUTPUT, (g, a, b, y) -> g.div(b),
            (g, a, b, y) -> g.mul(y).div(b).neg());

    /**
     * y = aᵇ;  ∂a = g ⊙ b ⊙ aᵇ⁻¹, ∂b = g ⊙ y ⊙ ln a, with PyTorch's conventions where these are 0·∞, factor for factor
     * so that their own derivatives are PyTorch's too: {@code ∂a = where(b = 0, 0, g·b·aᵇ⁻¹)} (0 at 0⁰ instead of
     * NaN) and {@code ∂b = g·where(a = 0 ∧ b ≥ 0, 0, y·ln a)}. One consequence, shared with PyTorch: the mixed second
     * derivative ∂²y/∂a∂b at exactly b = 0 is 0, not the 1/a of the formula.
     */
    static final BinaryOp POW = BinaryOp.of("pow", BinaryFn.POW, Saves.INPUTS_AND_OUTPUT,
            (g, a, b, y) -> Tensor.where(b.eq(0.0), zero(g), g.mul(b).mul(a.pow(b.sub(1)))),
            (g, a, b, y) -> g.mul(Tensor.where(a.eq(0.0).mul(b.ge(0.0)), zero(g), y.mul(a.log()))));

    private static Tensor zero(Tensor like) {
        return Tensor.scalar(like.dtype(), 0);
    }

    /**
     * y = max(a, b);  the gradient goes to the larger operand, half to each at ties. The loser's gradient is a 0
     * selected, not g·0, so an infinite g does not make it NaN (PyTorch's masked_fill).
     */
    static final OpKind MAXIMUM = OpKind.of("maximum");

    /** y = min(a, b);  the gradient goes to the smaller operand, half to each at ties. */
    static final OpKind MINIMUM = OpKind.of("minimum");

    static final class Extremum extends Primitive {
        static final Extremum MAX = new Extremum(MAXIMUM, true);
        static final Extremum MIN = new Extremum(MINIMUM, false);

        private final boolean max;

        private Extremum(OpKind kind, boolean max) {
            super(kind);
            this.max = max;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Checks.binary(name(), in[0], in[1]);
            Storage a = in[0].storage();
            Storage b = in[1].storage();
            // share of the gradient that goes to a: 1 where a wins, 0 where b wins, ½ at ties
            Storage aWins = Kernels.binary(max ? BinaryFn.GT : BinaryFn.LT, a, b);
            Storage ties = Kernels.scalar(ScalarFn.MUL, Kernels.binary(BinaryFn.EQ, a, b), 0.5);
            ctx.saveForBackward(Tensor.constant(Kernels.binary(BinaryFn.ADD, aWins, ties)));
            return Kernels.binary(max ? BinaryFn.MAXIMUM : BinaryFn.MINIMUM, a, b);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor share = ctx.saved(0);
            return new Tensor[] {shared(grad, share), ctx.needsInputGrad(1) ? shared(grad, share.rsub(1)) : null};
        }

        /** g ⊙ share where the share is not 0, and 0 where it is. */
        private static Tensor shared(Tensor grad, Tensor share) {
            return Tensor.where(share, grad.mul(share), zero(grad));
        }
    }

    /**
     * y = condition ? a : b;  ∂a = c ? g : 0, ∂b = c ? 0 : g (selected, as PyTorch does, so that an infinite g does
     * not turn the unselected side's 0 into NaN); the condition gets none.
     */
    static final Primitive WHERE = new Primitive(OpKind.of("where")) {
        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            long[] shape = Checks.binary(name(), in[1], in[2]);
            Shapes.broadcast(name(), in[0].shape(), shape);
            Storage c = Kernels.scalar(ScalarFn.NE, in[0].storage(), 0);
            if (c.dtype() != in[1].dtype()) {
                c = Kernels.cast(c, in[1].dtype());
            }
            ctx.saveForBackward(Tensor.constant(c));
            // select rather than c·a + (1−c)·b, which would turn an unselected ±∞ into NaN
            return Kernels.select(c, in[1].storage(), in[2].storage());
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor c = ctx.saved(0);
            return new Tensor[] {null,
                ctx.needsInputGrad(1) ? Tensor.where(c, grad, zero(grad)) : null,
                ctx.needsInputGrad(2) ? Tensor.where(c, zero(grad), grad) : null};
        }
    };

    /** y = x + c;  ∂x = g. */
    static final ScalarOp ADD_SCALAR = ScalarOp.of("addScalar", ScalarFn.ADD, Saves.NOTHING, (g, x, y, c) -> g);

    /** y = c − x;  ∂x = −g. */
    static final ScalarOp RSUB = ScalarOp.of("rsub", ScalarFn.RSUB, Saves.NOTHING, (g, x, y, c) -> g.neg());

    /** y = c·x;  ∂x = c·g. */
    static final ScalarOp MUL_SCALAR = ScalarOp.of("mulScalar", ScalarFn.MUL, Saves.NOTHING, (g, x, y, c) -> g.mul(c));

    /** y = c / x;  ∂x = −g ⊙ y / x. */
    static final ScalarOp RDIV = ScalarOp.of("rdiv", ScalarFn.RDIV, Saves.INPUTS_AND_OUTPUT,
            (g, x, y, c) -> g.mul(y).div(x).neg());

    /** y = xᵖ;  ∂x = g ⊙ p·xᵖ⁻¹ (0 for p = 0, as PyTorch). */
    static final ScalarOp POW_SCALAR = ScalarOp.of("powScalar", ScalarFn.POW, Saves.INPUTS,
            (g, x, y, p) -> p == 0 ? Tensor.zeros(x.dtype(), x.shape())
                    : p == 1 ? g : p == 2 ? g.mul(x).mul(2.0) : g.mul(x.pow(p - 1)).mul(p));
}
