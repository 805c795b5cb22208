package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The regression, divergence and weighted losses and label smoothing on hand-computed cases (values and
 * gradients), {@link Reduction#BATCHMEAN}, and their errors.
 */
class MoreLossesTest {

    private static Tensor row(double... values) {
        return Tensor.of(Nd4j.create(values, new long[] {1, values.length}, DataType.DOUBLE));
    }

    private static Tensor rows(double[][] values) {
        return Tensor.of(Nd4j.create(values));
    }

    @Test
    void l1IsTheAbsoluteErrorWithSignGradientAndZeroAtTies() {
        Tensor p = row(1, -2, 3, 0.5).requiresGrad(true);
        Tensor t = row(0, 1, 3, 1);
        assertArrayEquals(new double[] {1, 3, 0, 0.5}, Losses.l1(p, t, Reduction.NONE).toDoubleArray(), 0);
        Tensor loss = Losses.l1(p, t);
        assertEquals(4.5 / 4, loss.item(), 1e-15);
        loss.backward();
        assertArrayEquals(new double[] {0.25, -0.25, 0, -0.25}, p.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        // δ = 2: d = 1 → ½·1 = 0.5;  d = −3 → 2·(3 − 1) = 4;  d = 2 (the join) → ½·4 = 2 = 2·(2 − 1)
        Tensor p = row(1, -3, 2).requiresGrad(true);
        Tensor t = row(0, 0, 0);
        assertArrayEquals(new double[] {0.5, 4, 2}, Losses.huber(p, t, 2, Reduction.NONE).toDoubleArray(), 1e-15);
        Losses.huber(p, t, 2, Reduction.SUM).backward();
        assertArrayEquals(new double[] {1, -2, 2}, p.grad().toDoubleArray(), 1e-15);   // d, δ·sign(d), both at the join
        assertEquals((0.125 + 0.5 + 1.5) / 3, Losses.huber(row(0.5, 1, -2), row(0, 0, 0)).item(), 1e-15);   // δ = 1
    }

    @Test
    void smoothL1IsHuberOverBetaAndL1AtZero() {
        // β = 0.5: d = 0.25 → ½·0.0625/0.5 = 0.0625;  d = −2 → 2 − 0.25 = 1.75
        Tensor p = row(0.25, -2).requiresGrad(true);
        Tensor t = row(0, 0);
        assertArrayEquals(new double[] {0.0625, 1.75}, Losses.smoothL1(p, t, 0.5, Reduction.NONE).toDoubleArray(),
                1e-15);
        Losses.smoothL1(p, t, 0.5, Reduction.SUM).backward();
        assertArrayEquals(new double[] {0.5, -1}, p.grad().toDoubleArray(), 1e-15);    // d/β, sign(d)
        assertArrayEquals(Losses.l1(p, t, Reduction.NONE).toDoubleArray(),
                Losses.smoothL1(p, t, 0, Reduction.NONE).toDoubleArray(), 0);
        assertEquals(Losses.huber(p, t, 0.5, Reduction.SUM).item() / 0.5, Losses.smoothL1(p, t, 0.5, Reduction.SUM).item(),
                1e-15);
    }

    @Test
    void klDivergenceOfLogProbabilitiesWithZeroTargetsAndBatchMean() {
        // KL(y ‖ p) for y = (½, ½, 0), p = (¼, ½, ¼): ½ ln 2 + ½ ln 1 + 0 = ½ ln 2 per example
        Tensor logP = rows(new double[][] {{Math.log(0.25), Math.log(0.5), Math.log(0.25)},
            {Math.log(0.25), Math.log(0.5), Math.log(0.25)}}).requiresGrad(true);
        Tensor y = rows(new double[][] {{0.5, 0.5, 0}, {0.5, 0.5, 0}});
        assertArrayEquals(new double[] {0.5 * Math.log(2), 0, 0, 0.5 * Math.log(2), 0, 0},
                Losses.klDiv(logP, y, Reduction.NONE).toDoubleArray(), 1e-15);
        Tensor perExample = Losses.klDiv(logP, y, Reduction.BATCHMEAN);
        assertEquals(0.5 * Math.log(2), perExample.item(), 1e-15);
        assertEquals(Math.log(2) / 6, Losses.klDiv(logP, y, Reduction.MEAN).item(), 1e-15);   // PyTorch's "mean"
        perExample.backward();
        assertArrayEquals(new double[] {-0.25, -0.25, 0, -0.25, -0.25, 0}, logP.grad().toDoubleArray(), 1e-15);
        assertEquals(0, Losses.klDiv(y.add(1e-300).log(), y, Reduction.SUM).item(), 1e-12);   // KL(y ‖ y) = 0
        assertTrue(Double.isNaN(Losses.klDiv(logP, y.neg(), Reduction.SUM).item()), "a negative target is NaN");
    }

    @Test
    void klDivergenceWithLogTargetsEqualsTheProbabilityForm() {
        Tensor logP = Fixtures.randn(1, 3, 4).logSoftmax(1);
        Tensor logY = Fixtures.randn(2, 3, 4).logSoftmax(1);
        assertEquals(Losses.klDiv(logP, logY.exp(), Reduction.SUM).item(),
                Losses.klDivLogTarget(logP, logY, Reduction.SUM).item(), 1e-14);
    }

    @Test
    void posWeightScalesThePositiveTermOnly() {
        // y = 1: p·softplus(−z);  y = 0: softplus(z), whatever p
        Tensor z = row(0.3, -1.2).requiresGrad(true);
        Tensor y = row(1, 0);
        Tensor p = Tensor.of(3.0, 3.0).to(DataType.DOUBLE);
        double positive = 3 * Math.log1p(Math.exp(-0.3));
        double negative = Math.log1p(Math.exp(-1.2));
        assertArrayEquals(new double[] {positive, negative},
                Losses.binaryCrossEntropyWithLogits(z, y, p, Reduction.NONE).toDoubleArray(), 1e-15);
        Losses.binaryCrossEntropyWithLogits(z, y, p, Reduction.SUM).backward();
        double s1 = 1 / (1 + Math.exp(-0.3));
        double s2 = 1 / (1 + Math.exp(1.2));
        assertArrayEquals(new double[] {3 * (s1 - 1), s2}, z.grad().toDoubleArray(), 1e-15);   // p·(σ − 1), σ
        Tensor one = Tensor.ones(DataType.DOUBLE, 2);
        assertArrayEquals(Losses.binaryCrossEntropyWithLogits(z, y, Reduction.NONE).toDoubleArray(),
                Losses.binaryCrossEntropyWithLogits(z, y, one, Reduction.NONE).toDoubleArray(), 1e-15);
    }

    @Test
    void labelSmoothingMixesTheClassWithTheUniformDistribution() {
        Tensor z = rows(new double[][] {{2, 0, -1}}).requiresGrad(true);
        Tensor c = Tensor.indices(0);
        double lse = Math.log(Math.exp(2) + 1 + Math.exp(-1));
        double[] logP = {2 - lse, -lse, -1 - lse};
        double eps = 0.3;
        double expected = (1 - eps) * -logP[0] + eps / 3 * -(logP[0] + logP[1] + logP[2]);
        Tensor loss = Losses.crossEntropy(z, c, eps, Reduction.MEAN);
        assertEquals(expected, loss.item(), 1e-14);
        loss.backward();
        double[] softmax = {Math.exp(logP[0]), Math.exp(logP[1]), Math.exp(logP[2])};
        assertArrayEquals(new double[] {softmax[0] - (1 - eps) - eps / 3, softmax[1] - eps / 3, softmax[2] - eps / 3},
                z.grad().toDoubleArray(), 1e-14);
        assertEquals(Losses.crossEntropy(z, c).item(), Losses.crossEntropy(z, c, 0, Reduction.MEAN).item(), 0);
        Tensor oneHot = rows(new double[][] {{1, 0, 0}});
        assertEquals(expected, Losses.crossEntropyWithProbabilities(z, oneHot, eps, Reduction.MEAN).item(), 1e-14);
    }

    @Test
    void batchMeanDividesTheSumByTheFirstAxis() {
        Tensor losses = rows(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(21.0 / 2, Reduction.BATCHMEAN.apply(losses).item(), 1e-15);
        assertEquals(Reduction.MEAN.apply(Tensor.of(1.0, 5.0)).item(), Reduction.BATCHMEAN.apply(Tensor.of(1.0, 5.0)).item(),
                1e-7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reduction.BATCHMEAN.apply(Tensor.scalar(DataType.DOUBLE, 1)));
        assertTrue(e.getMessage().contains("BATCHMEAN"), e.getMessage());
    }

    @Test
    void errorsNameTheLossAndTheBadArgument() {
        Tensor p = row(1, 2);
        Tensor t = row(0, 0);
        assertMessage(() -> Losses.huber(p, t, 0, Reduction.MEAN), "huber: delta must be positive");
        assertMessage(() -> Losses.smoothL1(p, t, -1, Reduction.MEAN), "smoothL1: beta must be >= 0");
        assertMessage(() -> Losses.l1(p, row(1, 2, 3), Reduction.MEAN), "l1: prediction");
        assertMessage(() -> Losses.klDiv(p, t.to(DataType.FLOAT), Reduction.SUM), "klDiv");
        assertMessage(() -> Losses.crossEntropy(p, Tensor.indices(1), 1.5, Reduction.MEAN),
                "crossEntropy: label smoothing must be in [0, 1]");
        assertMessage(() -> Losses.binaryCrossEntropyWithLogits(p, t, Tensor.ones(DataType.DOUBLE, 3), Reduction.MEAN),
                "posWeight");
        assertMessage(() -> Losses.binaryCrossEntropyWithLogits(p, t, Tensor.ones(DataType.FLOAT, 2), Reduction.MEAN),
                "posWeight");
    }
}
