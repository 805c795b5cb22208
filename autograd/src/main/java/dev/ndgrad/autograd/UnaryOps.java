package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.BinaryFn;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.ScalarFn;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.UnaryFn;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Elementwise functions and activations: each its kernel, what it saves, and its VJP in Tensor ops.
 * Activations use a rule in terms of their output where that is cheaper and more stable than
 * differentiating a composition of exp and div; tanh's and sigmoid's rules are ops of their own (one
 * pass instead of three), themselves differentiable.
 */
final class UnaryOps {

    private UnaryOps() {}

    /** y = eˣ;  ∂x = g ⊙ y. */
    static final UnaryOp EXP = UnaryOp.of("exp", UnaryFn.EXP, Saves.OUTPUT, (g, x, y) -> g.mul(y));

    /** y = ln x;  ∂x = g / x. */
    static final UnaryOp LOG = UnaryOp.of("log", UnaryFn.LOG, Saves.INPUTS, (g, x, y) -> g.div(x));

    /** y = √x;  ∂x = g / (2y). */
    static final UnaryOp SQRT = UnaryOp.of("sqrt", UnaryFn.SQRT, Saves.OUTPUT, (g, x, y) -> g.div(y).mul(0.5));

    /** y = |x|;  ∂x = g ⊙ sign(x), with sign(0) = 0. */
    static final UnaryOp ABS = UnaryOp.of("abs", UnaryFn.ABS, Saves.INPUTS, (g, x, y) -> g.mul(x.sign()));

    /** y = σ(x) = 1/(1 + e⁻ˣ);  ∂x = g ⊙ y(1 − y). */
    static final UnaryOp SIGMOID = UnaryOp.of("sigmoid", UnaryFn.SIGMOID, Saves.OUTPUT,
            (g, x, y) -> UnaryOps.SIGMOID_GRAD.apply(y, g));

    /**
     * z = g ⊙ y(1 − y), sigmoid's backward as one op;  ∂y = z̄ ⊙ g ⊙ (1 − 2y), ∂g = z̄ ⊙ y(1 − y).
     * Inputs: the sigmoid's output y, then g.
     */
    static final BinaryOp SIGMOID_GRAD = BinaryOp.of("sigmoidBackward", BinaryFn.SIGMOID_GRAD, Saves.INPUTS,
            (zbar, y, g, z) -> zbar.mul(g).mul(y.mul(-2.0).add(1.0)),
            (zbar, y, g, z) -> UnaryOps.SIGMOID_GRAD.apply(y, zbar));

    /** y = tanh x;  ∂x = g ⊙ (1 − y²). */
    static final UnaryOp TANH = UnaryOp.of("tanh", UnaryFn.TANH, Saves.OUTPUT,
            (g, x, y) -> UnaryOps.TANH_GRAD.apply(y, g));

    /**
     * z = g ⊙ (1 − y²), tanh's backward as one op;  ∂y = −2·z̄ ⊙ g ⊙ y, ∂g = z̄ ⊙ (1 − y²).
     * Inputs: the tanh's output y, then g.
     */
    static final BinaryOp TANH_GRAD = BinaryOp.of("tanhBackward", BinaryFn.TANH_GRAD, Saves.INPUTS,
            (zbar, y, g, z) -> zbar.mul(g).mul(y).mul(-2.0),
            (zbar, y, g, z) -> UnaryOps.TANH_GRAD.apply(y, zbar));

    /** y = max(x, 0);  ∂x = g ⊙ [x &gt; 0] (0 at the kink x = 0, as PyTorch). */
    static final UnaryOp RELU = UnaryOp.of("relu", UnaryFn.RELU, Saves.INPUTS,
            (g, x, y) -> UnaryOps.RELU_GRAD.apply(x, g));

    /**
     * z = g ⊙ [x &gt; 0], relu's backward as one op (the gradient passes where x is NaN, as PyTorch);
     * ∂g = z̄ ⊙ [x &gt; 0], and x gets none (the step has zero derivative wherever it has one). Inputs: x, then g.
     */
    static final BinaryOp RELU_GRAD = BinaryOp.of("reluBackward", BinaryFn.RELU_GRAD, Saves.INPUTS,
            (zbar, x, g, z) -> null, (zbar, x, g, z) -> UnaryOps.RELU_GRAD.apply(x, zbar));

    /** y = ln(1 + eˣ);  ∂x = g ⊙ σ(x). */
    static final UnaryOp SOFTPLUS = UnaryOp.of("softplus", UnaryFn.SOFTPLUS, Saves.INPUTS,
            (g, x, y) -> g.mul(x.sigmoid()));

    /** y = x for x &gt; 0, a·x otherwise;  ∂x = g ⊙ (1 or a). */
    static final ScalarOp LEAKY_RELU = ScalarOp.of("leakyRelu", ScalarFn.LEAKY_RELU, Saves.INPUTS,
            (g, x, y, a) -> g.mul(Tensor.constant(Kernels.scalar(ScalarFn.LEAKY_RELU_SLOPE, x.storage(), a))));

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;

    /** y = sin x;  ∂x = g ⊙ cos x. */
    static final UnaryOp SIN = UnaryOp.of("sin", UnaryFn.SIN, Saves.INPUTS, (g, x, y) -> g.mul(x.cos()));

    /** y = cos x;  ∂x = −g ⊙ sin x. */
    static final UnaryOp COS = UnaryOp.of("cos", UnaryFn.COS, Saves.INPUTS, (g, x, y) -> g.mul(x.sin()).neg());

    /** y = erf x;  ∂x = g ⊙ (2/√π)·e^{−x²}. */
    static final UnaryOp ERF = UnaryOp.of("erf", UnaryFn.ERF, Saves.INPUTS,
            (g, x, y) -> g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI)));

    /**
     * y = x·Φ(x) with Φ the standard normal CDF (Hendrycks and Gimpel, 2016);
     * ∂x = g ⊙ (Φ(x) + x·φ(x)), φ(x) = e^{−x²/2}/√(2π).
     */
    static final UnaryOp GELU = UnaryOp.of("gelu", UnaryFn.GELU, Saves.INPUTS, (g, x, y) -> {
        Tensor cdf = x.mul(UnaryFn.SQRT_HALF).erf().add(1).mul(0.5);
        Tensor pdf = x.square().mul(-0.5).exp().mul(ONE_OVER_SQRT_TWO_PI);
        return g.mul(cdf.add(x.mul(pdf)));
    });

    /**
     * y = ½x(1 + t), t = tanh u, u = √(2/π)(x + 0.044715x³) (GELU's tanh form);
     * ∂x = g ⊙ (½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)).
     */
    static final UnaryOp GELU_TANH = UnaryOp.of("geluTanh", UnaryFn.GELU_TANH, Saves.INPUTS, (g, x, y) -> {
        Tensor x2 = x.square();
        Tensor t = x2.mul(UnaryFn.GELU_CUBIC).add(1).mul(x).mul(UnaryFn.SQRT_TWO_OVER_PI).tanh();
        Tensor du = x2.mul(3 * UnaryFn.GELU_CUBIC).add(1).mul(UnaryFn.SQRT_TWO_OVER_PI);
        Tensor slope = t.add(1).mul(0.5).add(x.mul(0.5).mul(t.square().rsub(1)).mul(du));
        return g.mul(slope);
    });

    /** y = x·σ(x) (SiLU, swish);  ∂x = g ⊙ σ(x)(1 + x(1 − σ(x))). */
    static final UnaryOp SILU = UnaryOp.of("silu", UnaryFn.SILU, Saves.INPUTS, (g, x, y) -> {
        Tensor s = x.sigmoid();
        return g.mul(s.mul(x.mul(s.rsub(1)).add(1)));
    });

    /**
     * y = x for x &gt; 0, α(eˣ − 1) otherwise (Clevert et al., 2015);  ∂x = g ⊙ s with the slope s = 1 for x &gt; 0,
     * α·eˣ otherwise (α at x = 0, as PyTorch). The slope is written as PyTorch's {@code elu_backward} and
     * {@code elu_double_backward} compute it, factor for factor, so that second derivatives agree with PyTorch's at
     * every point: s = p + (1 − p)·α·e^(x·n) with the constant masks p = [x &gt; 0] and n = [x &lt; 0]. Its derivative
     * α·eˣ·n·(1 − p) is 0 at x = 0 and for x &gt; 0 as a product with the mask (NaN under an infinite g, as
     * PyTorch's), and e^(x·n) cannot overflow for a large positive x.
     */
    static final ScalarOp ELU = ScalarOp.of("elu", ScalarFn.ELU, Saves.INPUTS, (g, x, y, alpha) -> {
        Tensor positive = x.gt(0.0).to(x.dtype());
        Tensor negative = x.lt(0.0).to(x.dtype());
        return g.mul(x.mul(negative).exp().mul(alpha).mul(positive.rsub(1)).add(positive));
    });

    static final OpKind CLAMP = OpKind.of("clamp");

    /** y = min(max(x, lo), hi);  ∂x = lo ≤ x ≤ hi ? g : 0 (selected, as PyTorch does: an infinite g outside stays 0). */
    static final class Clamp extends Primitive {
        private final double min;
        private final double max;

        Clamp(double min, double max) {
            super(CLAMP);
            this.min = min;
            this.max = max;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Checks.floating(name(), in[0], 0);
            Storage x = in[0].storage();
            ctx.saveForBackward(Tensor.constant(Kernels.insideMask(x, min, max)));
            return Kernels.clamp(x, min, max);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {Tensor.where(ctx.saved(0), grad, Tensor.scalar(grad.dtype(), 0))};
        }
    }

    static final OpKind CAST = OpKind.of("to");

    /** A change of dtype;  ∂x = g cast back to x's dtype. */
    static final class Cast extends Primitive {
        private final DataType dtype;

        Cast(DataType dtype) {
            super(CAST);
            this.dtype = dtype;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            return Kernels.cast(in[0].storage(), dtype);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.to(ctx.inputDtype(0))};
        }
    }
}
