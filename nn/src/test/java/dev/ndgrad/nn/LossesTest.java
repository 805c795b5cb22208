package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Losses on hand-computed cases, their reductions, their stability and their errors. */
class LossesTest {

    private static Tensor rows(double[][] values) {
        return Tensor.of(Nd4j.create(values));   // DOUBLE
    }

    private static Tensor column(double... values) {
        return Tensor.of(Nd4j.create(values, new long[] {values.length, 1}, DataType.DOUBLE));
    }

    @Test
    void binaryCrossEntropyByHand() {
        // L = −[y ln a + (1 − y) ln(1 − a)]:
        //   a = 0.9, y = 1 → −ln 0.9;  a = 0.2, y = 0 → −ln 0.8;  a = 0.6, y = 1 → −ln 0.6
        Tensor a = column(0.9, 0.2, 0.6);
        Tensor y = column(1, 0, 1);
        double[] expected = {-Math.log(0.9), -Math.log(0.8), -Math.log(0.6)};
        assertArrayEquals(expected, Losses.binaryCrossEntropy(a, y, Reduction.NONE).toDoubleArray(), 1e-15);
        double mean = (expected[0] + expected[1] + expected[2]) / 3;
        assertEquals(0.2797766, mean, 1e-7);
        assertEquals(mean, Losses.binaryCrossEntropy(a, y).item(), 1e-15);
        assertEquals(3 * mean, Losses.binaryCrossEntropy(a, y, Reduction.SUM).item(), 1e-15);
    }

    @Test
    void binaryCrossEntropyGradientIsTheSeedsFormula() {
        // ∂L/∂a = −y/a + (1 − y)/(1 − a), divided by m for the mean
        Tensor a = column(0.9, 0.2).requiresGrad(true);
        Tensor y = column(1, 0);
        Losses.binaryCrossEntropy(a, y).backward();
        assertArrayEquals(new double[] {-1 / 0.9 / 2, 1 / 0.8 / 2}, a.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void binaryCrossEntropySoftTargetsAndClamp() {
        // y = 0.25, a = 0.5: −[0.25 ln 0.5 + 0.75 ln 0.5] = ln 2
        assertEquals(Math.log(2), Losses.binaryCrossEntropy(column(0.5), column(0.25)).item(), 1e-15);
        // a saturated sigmoid: log(0) would be −∞; the clamp makes it ln(1e−12) ≈ 27.63, in both dtypes
        for (DataType dtype : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Tensor a = column(0, 1).to(dtype).detach().requiresGrad(true);
            Tensor y = column(1, 0).to(dtype).detach();
            Tensor loss = Losses.binaryCrossEntropy(a, y);
            assertEquals(-Math.log(Losses.PROBABILITY_EPS), loss.item(), 1e-4, dtype.toString());
            loss.backward();
            for (double g : a.grad().toDoubleArray()) {
                assertTrue(Double.isFinite(g), "finite gradient at the clamp: " + g);
            }
        }
    }

    @Test
    void binaryCrossEntropyWithLogitsMatchesSigmoidThenBceAndStaysStable() {
        Tensor z = column(-2, 0.5, 3);
        Tensor y = column(0, 1, 1);
        assertEquals(Losses.binaryCrossEntropy(z.sigmoid(), y).item(), Losses.binaryCrossEntropyWithLogits(z, y).item(),
                1e-14);
        // z = ±800: σ saturates to exactly 0/1, but softplus(z) − z·y is exact: L(800, 0) = 800, L(−800, 1) = 800
        Tensor extreme = column(800, -800, 800).requiresGrad(true);
        Tensor loss = Losses.binaryCrossEntropyWithLogits(extreme, column(0, 1, 1), Reduction.NONE);
        assertArrayEquals(new double[] {800, 800, 0}, loss.toDoubleArray(), 1e-12);
        loss.sum().backward();
        // ∂L/∂z = σ(z) − y
        assertArrayEquals(new double[] {1, -1, 0}, extreme.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void crossEntropyByHand() {
        // logits (1, 2, 3): softmax = e^{z}/Σ, Σ = e + e² + e³; class 2 → −ln(e³/Σ) = ln Σ − 3
        // logits (0, 0): class 1 → ln 2
        double lse = Math.log(Math.E + Math.exp(2) + Math.exp(3));
        Tensor z1 = rows(new double[][] {{1, 2, 3}, {1, 2, 3}});
        Tensor loss = Losses.crossEntropy(z1, Tensor.indices(2, 0), Reduction.NONE);
        assertArrayEquals(new double[] {lse - 3, lse - 1}, loss.toDoubleArray(), 1e-14);
        assertEquals(0.4076059644, lse - 3, 1e-9);
        assertEquals(Math.log(2), Losses.crossEntropy(rows(new double[][] {{0, 0}}), Tensor.indices(1)).item(), 1e-15);
        assertEquals((2 * lse - 4) / 2, Losses.crossEntropy(z1, Tensor.indices(2, 0)).item(), 1e-14);
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHot() {
        Tensor z = rows(new double[][] {{1, 2, 3}, {0.5, -1, 0}}).requiresGrad(true);
        Losses.crossEntropy(z, Tensor.indices(2, 0), Reduction.SUM).backward();
        double[] p = z.detach().softmax(1).toDoubleArray();
        double[] expected = {p[0], p[1], p[2] - 1, p[3] - 1, p[4], p[5]};
        assertArrayEquals(expected, z.grad().toDoubleArray(), 1e-14);
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Tensor z = rows(new double[][] {{1000, 0, -1000}});
        assertEquals(0, Losses.crossEntropy(z, Tensor.indices(0)).item(), 1e-12);
        assertEquals(1000, Losses.crossEntropy(z, Tensor.indices(1)).item(), 1e-9);
    }

    @Test
    void oneHotAndProbabilityTargetsAgreeWithIndicesAndNll() {
        Tensor z = rows(new double[][] {{1, 2, 3}, {0.5, -1, 0}, {2, 2, -2}});
        Tensor idx = Tensor.indices(2, 0, 1);
        Tensor oneHot = rows(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
        double byIndex = Losses.crossEntropy(z, idx).item();
        assertEquals(byIndex, Losses.crossEntropyWithProbabilities(z, oneHot).item(), 1e-14);
        assertEquals(byIndex, Losses.nll(z.logSoftmax(1), idx).item(), 1e-14);
        // soft labels: −Σ_k y_k log softmax_k; uniform targets over (0, 0) logits → ln 2
        Tensor soft = rows(new double[][] {{0.5, 0.5}});
        assertEquals(Math.log(2), Losses.crossEntropyWithProbabilities(rows(new double[][] {{0, 0}}), soft).item(),
                1e-15);
    }

    @Test
    void mseByHand() {
        Tensor p = rows(new double[][] {{1, 2}, {3, 4}});
        Tensor t = rows(new double[][] {{0, 2}, {5, 4}});
        assertEquals((1 + 0 + 4 + 0) / 4.0, Losses.mse(p, t).item(), 1e-15);
        assertEquals(5, Losses.mse(p, t, Reduction.SUM).item(), 1e-15);
        assertArrayEquals(new long[] {2, 2}, Losses.mse(p, t, Reduction.NONE).shape());
    }

    @Test
    void errorsNameTheLossAndTheShapes() {
        Tensor z = rows(new double[][] {{1, 2, 3}});
        var shape = assertThrows(IllegalArgumentException.class, () -> Losses.mse(z, rows(new double[][] {{1, 2}})));
        assertTrue(shape.getMessage().contains("mse") && shape.getMessage().contains("[1, 3]")
                && shape.getMessage().contains("[1, 2]"), shape.getMessage());
        var range = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(z, Tensor.indices(3)));
        assertTrue(range.getMessage().contains("crossEntropy") && range.getMessage().contains("out of range [0, 3)"),
                range.getMessage());
        var count = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(z, Tensor.indices(0, 1)));
        assertTrue(count.getMessage().contains("[1]"), count.getMessage());
        var floating = assertThrows(IllegalArgumentException.class, () -> Losses.nll(z, Tensor.of(0.0)));
        assertTrue(floating.getMessage().contains("integer"), floating.getMessage());
        var dtype = assertThrows(IllegalArgumentException.class,
                () -> Losses.binaryCrossEntropy(column(0.5), column(1).to(DataType.FLOAT)));
        assertTrue(dtype.getMessage().contains("dtype"), dtype.getMessage());
    }
}
