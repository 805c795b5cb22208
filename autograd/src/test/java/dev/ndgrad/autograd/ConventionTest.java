package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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

    /** Runs {@code body} on the host path and again with the host path turned off. */
    @SuppressWarnings("try")
    private static void onBothPaths(Runnable body) {
        body.run();
        try (var nd4j = dev.ndgrad.autograd.kernel.KernelPath.nd4jOnly()) {
            body.run();
        }
    }

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
    void powAtZeroFollowsPyTorch() {
        onBothPaths(() -> {
            // 0 ** 0 = 1, and both gradients 0 (where ∂a = b·a^(b−1) is 0·∞ and ∂b = y·ln a is 1·(−∞))
            Tensor a = Tensor.zeros(DataType.DOUBLE, 3).requiresGrad(true);
            Tensor b = Tensor.zeros(DataType.DOUBLE, 3).requiresGrad(true);
            Tensor y = a.pow(b);
            assertArrayEquals(new double[] {1, 1, 1}, y.toDoubleArray(), 0);
            y.sum().backward();
            assertArrayEquals(new double[] {0, 0, 0}, a.grad().toDoubleArray(), 0);
            assertArrayEquals(new double[] {0, 0, 0}, b.grad().toDoubleArray(), 0);
            // 0 ** b for b = −1, 0, 1: ∂b is −∞ (y = ∞ times ln 0), then 0 and 0 (a = 0 and b ≥ 0); ∂a is −∞, 0, 1
            Tensor zero = Tensor.zeros(DataType.DOUBLE, 3).requiresGrad(true);
            Tensor exponent = Tensor.of(Nd4j.createFromArray(-1.0, 0.0, 1.0)).requiresGrad(true);
            zero.pow(exponent).sum().backward();
            assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0, 0}, exponent.grad().toDoubleArray(), 0);
            assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0, 1}, zero.grad().toDoubleArray(), 0);
        });
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
}
