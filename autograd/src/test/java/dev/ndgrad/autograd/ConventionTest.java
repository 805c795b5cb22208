package dev.ndgrad.autograd;

import static dev.ndgrad.autograd.KernelPaths.onBothPaths;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The documented values of derivatives where the function has none (kinks) or several candidates
 * (ties), and at the points where a formula is 0·∞: what the engine returns there, PyTorch's choices, pinned so
 * that a change is a decision, not an accident.
 */
class ConventionTest {


    private static double[] gradient(UnaryOperator<Tensor> f, double... x) {
        Tensor t = Tensor.of(Nd4j.createFromArray(x)).requiresGrad(true);
        f.apply(t).sum().backward();
        return t.grad().toDoubleArray();
    }

    @Test
    void reluHasSlopeZeroAtZero() {
        assertArrayEquals(new double[] {0, 0, 1}, gradient(Tensor::relu, -1, 0, 1), 0);
    }

    @Test
    void leakyReluHasTheLeakySlopeAtZero() {
        assertArrayEquals(new double[] {0.2, 0.2, 1}, gradient(t -> t.leakyRelu(0.2), -1, 0, 1), 1e-15);
    }

    @Test
    void absHasSlopeZeroAtZero() {
        assertArrayEquals(new double[] {-1, 0, 1}, gradient(Tensor::abs, -1, 0, 1), 0);
    }

    @Test
    void clampPassesTheGradientOnItsBoundaries() {
        assertArrayEquals(new double[] {0, 1, 1, 1, 0}, gradient(t -> t.clamp(-1, 1), -2, -1, 0, 1, 2), 0);
    }

    @Test
    void maxAlongAnAxisSplitsTheGradientBetweenTies() {
        Tensor x = Tensor.of(Nd4j.createFromArray(new double[][] {{2, 2, 1}, {3, 3, 3}})).requiresGrad(true);
        x.max(1, false).sum().backward();
        assertArrayEquals(new double[] {0.5, 0.5, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3}, x.grad().toDoubleArray(), 1e-15);
        x.zeroGrad();
        x.min(1, true).sum().backward();
        assertArrayEquals(new double[] {0, 0, 1, 1.0 / 3, 1.0 / 3, 1.0 / 3}, x.grad().toDoubleArray(), 1e-15);
        x.zeroGrad();
        x.max().backward();
        assertArrayEquals(new double[] {0, 0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void elementwiseMaximumAndMinimumSplitTheGradientAtTies() {
        Tensor a = Tensor.of(Nd4j.createFromArray(1.0, 2.0, 3.0)).requiresGrad(true);
        Tensor b = Tensor.of(Nd4j.createFromArray(1.0, 5.0, 0.0)).requiresGrad(true);
        a.maximum(b).sum().backward();
        assertArrayEquals(new double[] {0.5, 0, 1}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.5, 1, 0}, b.grad().toDoubleArray(), 0);
        a.zeroGrad();
        b.zeroGrad();
        a.minimum(b).sum().backward();
        assertArrayEquals(new double[] {0.5, 1, 0}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.5, 0, 1}, b.grad().toDoubleArray(), 0);
    }

    @Test
    void powsMixedSecondDerivativeAtAZeroExponentIsPyTorchs() {
        // ∂(aᵇ)/∂a = b·aᵇ⁻¹, which PyTorch masks to 0 wherever b = 0 (its pow_backward_self); differentiated in b,
        // that mask gives 0 at b = 0 (the formula would give 1/a), and ndgrad follows PyTorch
        Tensor a = Tensor.of(Nd4j.createFromArray(2.0)).requiresGrad(true);
        Tensor b = Tensor.of(Nd4j.createFromArray(0.0)).requiresGrad(true);
        Tensor da = Autograd.grad(a.pow(b).sum(), java.util.List.of(a), true).get(0);
        assertArrayEquals(new double[] {0.0}, Autograd.grad(da.sum(), java.util.List.of(b), false).get(0)
                .toDoubleArray(), 0);
    }

    /** An op that masks its gradient selects 0 for the masked elements: an infinite incoming gradient stays out. */
    @Test
    void maskedGradientsAreZeroEvenWhereTheIncomingGradientIsInfinite() {
        onBothPaths(() -> {
            // √0 has an infinite slope; each op below passes the gradient of its masked elements as 0, not ∞·0 = NaN
            double inf = Double.POSITIVE_INFINITY;
            Tensor x = Tensor.of(Nd4j.createFromArray(-1.0, 2.0)).requiresGrad(true);
            x.relu().add(Tensor.scalar(DataType.DOUBLE, 0)).sqrt().sum().backward();   // relu(−1) = 0: √0
            assertArrayEquals(new double[] {0, 1 / (2 * Math.sqrt(2))}, x.grad().toDoubleArray(), 1e-15);
            x.zeroGrad();
            x.clamp(0, 1).sqrt().sum().backward();                                    // clamp(−1) = 0: √0
            assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray(), 0);
            x.zeroGrad();
            Tensor other = Tensor.of(Nd4j.createFromArray(0.0, 0.0)).requiresGrad(true);
            x.maximum(other).sqrt().sum().backward();                                 // max(−1, 0) = 0: √0
            assertArrayEquals(new double[] {0, 1 / (2 * Math.sqrt(2))}, x.grad().toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {inf, 0}, other.grad().toDoubleArray(), 0);
            x.zeroGrad();
            Tensor mask = Tensor.of(Nd4j.createFromArray(0.0, 1.0));
            Tensor.where(mask, x, other).sqrt().sum().backward();                    // picks 0 from other: √0
            assertArrayEquals(new double[] {0, 1 / (2 * Math.sqrt(2))}, x.grad().toDoubleArray(), 1e-15);
        });
    }

    @Test
    void sqrtAndLogAtZeroGiveInfiniteSlopesNotErrors() {
        Tensor x = Tensor.of(Nd4j.createFromArray(0.0)).requiresGrad(true);
        x.sqrt().add(x.log()).sum().backward();
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY}, x.grad().toDoubleArray(), 0);
        Tensor f = Tensor.zeros(DataType.FLOAT, 1).requiresGrad(true);
        f.sqrt().sum().backward();
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY}, f.grad().toDoubleArray(), 0);
    }

    @Test
    void euclideanNormHasSubgradientZeroAtTheOrigin() {
        // PyTorch's first derivative; the second is 0 here (PyTorch's is NaN), so Hessians stay finite
        Tensor x = Tensor.of(Nd4j.createFromArray(0.0, 0.0)).requiresGrad(true);
        x.norm(2).backward();
        assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, Functional.hessian(t -> t.norm(), x).toDoubleArray(), 0);
        assertArrayEquals(new double[] {0, 0}, gradient(t -> t.norm(1).reshape(1), 0, 0), 0);
    }

    @Test
    void maxNormSplitsTheGradientBetweenTiedMagnitudes() {
        assertArrayEquals(new double[] {0.5, -0.5, 0},
                gradient(t -> t.norm(Double.POSITIVE_INFINITY).reshape(1), 3, -3, 1), 0);
        assertArrayEquals(new double[] {0, 0}, gradient(t -> t.norm(Double.POSITIVE_INFINITY).reshape(1), 0, 0), 0);
    }

    @Test
    void eluHasSlopeAlphaAtZeroAndSmoothActivationsTheirLimits() {
        assertArrayEquals(new double[] {0.7}, gradient(t -> t.elu(0.7), 0), 0);
        assertArrayEquals(new double[] {0.5}, gradient(Tensor::gelu, 0), 1e-16);
        assertArrayEquals(new double[] {0.5}, gradient(Tensor::geluTanh, 0), 1e-16);
        assertArrayEquals(new double[] {0.5}, gradient(Tensor::silu, 0), 1e-16);
    }

    @Test
    void elusSecondDerivativeAtZeroIsZeroAsPyTorchs() {
        // PyTorch's elu_double_backward counts only x < 0: d²/dx² elu(x) at 0 is 0 (the left limit would be α)
        onBothPaths(() -> {
            Tensor x = Tensor.of(Nd4j.createFromArray(0.0, -1.0, 1.0));
            Tensor h = Functional.hessian(t -> t.elu(0.7).sum(), x);
            assertArrayEquals(new double[] {0, 0, 0, 0, 0.7 * Math.exp(-1), 0, 0, 0, 0}, h.toDoubleArray(), 1e-15);
        });
    }

    @Test
    void elusSecondDerivativeMultipliesByItsMaskAsPyTorchs() {
        // PyTorch's elu_double_backward multiplies by the mask [x < 0] rather than selecting: under an infinite
        // incoming gradient (√ of elu(0) = 0) the second derivative at 0 is NaN, not 0, in PyTorch 1.13 as here
        onBothPaths(() -> {
            Tensor x = Tensor.of(Nd4j.createFromArray(0.0, 0.5)).requiresGrad(true);
            Tensor g = Autograd.grad(x.elu().sqrt().sum(), java.util.List.of(x), true).get(0);
            double[] second = Autograd.grad(g.sum(), java.util.List.of(x), false).get(0).toDoubleArray();
            assertTrue(Double.isNaN(second[0]), "at 0: " + second[0]);
            // at 0.5 the slope is 1 and √x's second derivative −¼·x^(−3/2) is all there is
            assertEquals(-0.25 * Math.pow(0.5, -1.5), second[1], 1e-12);
        });
    }

    @Test
    void powOfZeroToTheZeroHasGradientZeroAsPyTorch() {
        // 0 ** 0 = 1; PyTorch's ∂a is 0 there (the formula b·a^(b−1) would be 0·∞ = NaN), and ∂b is 0 where a = 0, b ≥ 0
        Tensor a = Tensor.of(Nd4j.createFromArray(0.0, 0.0)).requiresGrad(true);
        Tensor b = Tensor.of(Nd4j.createFromArray(0.0, 0.0)).requiresGrad(true);
        a.pow(b).sum().backward();
        assertArrayEquals(new double[] {0, 0}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {0, 0}, b.grad().toDoubleArray(), 0);
    }

    @Test
    void theExponentGradientOfZeroToTheBIsPyTorchs() {
        // ∂(0^b)/∂b for b = −1, 0, 1: −∞ (0^−1·ln 0 = ∞·−∞), then 0 and 0 (a = 0 and b ≥ 0), as PyTorch
        Tensor a = Tensor.of(Nd4j.createFromArray(0.0, 0.0, 0.0));
        Tensor b = Tensor.of(Nd4j.createFromArray(-1.0, 0.0, 1.0)).requiresGrad(true);
        a.pow(b).sum().backward();
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0, 0}, b.grad().toDoubleArray(), 0);
    }

    @Test
    void reluPassesTheGradientAtNaNAsPyTorch() {
        // PyTorch's threshold_backward: the gradient where !(x <= 0), so NaN inputs pass it
        assertArrayEquals(new double[] {0, 1}, gradient(Tensor::relu, -1, Double.NaN), 0);
    }
}
