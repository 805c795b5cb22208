package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Initialisation statistics, with tolerances from the sample size, and the seeds' symmetry argument:
 * zeros make every hidden unit identical for good, random weights do not.
 */
class InitTest {

    private static final int OUT = 200;
    private static final int IN = 500;
    private static final double N = (double) OUT * IN;

    /** Mean and (population) variance of the samples. */
    private static double[] moments(Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
        return new double[] {mean, var};
    }

    /**
     * The sample variance of n normal samples has standard deviation σ²·√(2/(n − 1)); of n samples of
     * U(−b, b) (σ² = b²/3, E x⁴ = b⁴/5) it is √((b⁴/5 − b⁴/9)/n). Five standard errors: a false alarm
     * is a ~1e−6 event, and the fixed seed makes the test deterministic anyway.
     */
    private static void assertVariance(Tensor w, double expected, boolean uniform) {
        double[] m = moments(w);
        double sampleSd = uniform ? Math.sqrt((9.0 / 5 - 1) * expected * expected / N)
                : expected * Math.sqrt(2 / (N - 1));
        assertEquals(expected, m[1], 5 * sampleSd, "variance");
        assertEquals(0, m[0], 5 * Math.sqrt(expected / N), "mean");
    }

    private static Tensor weight() {
        return Tensor.zeros(DataType.DOUBLE, OUT, IN);
    }

    @Test
    void heWeightsHaveVarianceTwoOverFanIn() {
        assertVariance(Init.heNormal(weight(), new Random(1)), 2.0 / IN, false);
        Tensor u = Init.heUniform(weight(), new Random(2));
        assertVariance(u, 2.0 / IN, true);
        double bound = Math.sqrt(6.0 / IN);
        assertTrue(Arrays.stream(u.toDoubleArray()).allMatch(x -> Math.abs(x) <= bound));
    }

    @Test
    void xavierWeightsHaveVarianceTwoOverFanInPlusFanOut() {
        assertVariance(Init.xavierNormal(weight(), new Random(3)), 2.0 / (IN + OUT), false);
        assertVariance(Init.xavierUniform(weight(), new Random(4)), 2.0 / (IN + OUT), true);
    }

    @Test
    void linearDefaultsToHeNormalWeightsAndZeroBiases() {
        Linear layer = new Linear(IN, OUT, true, DataType.DOUBLE, 5L);
        assertArrayEquals(new long[] {OUT, IN}, layer.weight().shape());
        assertVariance(layer.weight(), 2.0 / IN, false);
        assertTrue(Arrays.stream(layer.bias().toDoubleArray()).allMatch(b -> b == 0));
    }

    @Test
    void simpleSchemesAndSeeds() {
        Tensor t = Tensor.zeros(DataType.FLOAT, 3, 4);
        assertTrue(Arrays.stream(Init.constant(t, 0.25).toDoubleArray()).allMatch(x -> x == 0.25));
        assertTrue(Arrays.stream(Init.zeros(t).toDoubleArray()).allMatch(x -> x == 0));
        assertTrue(Arrays.stream(Init.uniform(t, 2, 3, new Random(1)).toDoubleArray()).allMatch(x -> x >= 2 && x <= 3));
        assertEquals(DataType.FLOAT, t.dtype());
        double[] a = Init.normal(Tensor.zeros(DataType.DOUBLE, 5), 1, 0.1, new Random(9)).toDoubleArray();
        double[] b = Init.normal(Tensor.zeros(DataType.DOUBLE, 5), 1, 0.1, new Random(9)).toDoubleArray();
        assertArrayEquals(a, b);
        assertEquals(12, Init.fanIn(Tensor.zeros(DataType.DOUBLE, 5, 3, 4)));
        assertEquals(20, Init.fanOut(Tensor.zeros(DataType.DOUBLE, 5, 3, 4)));
        var e = assertThrows(IllegalArgumentException.class, () -> Init.heNormal(Tensor.zeros(DataType.DOUBLE, 5),
                new Random()));
        assertTrue(e.getMessage().contains("rank >= 2") && e.getMessage().contains("[5]"), e.getMessage());
        Init.manualSeed(42);
        Linear first = new Linear(3, 2);
        Init.manualSeed(42);
        assertArrayEquals(first.weight().toDoubleArray(), new Linear(3, 2).weight().toDoubleArray());
    }

    // ------------------------------------------------------------------ the symmetry argument

    /** Trains a 3-4-1 sigmoid network with a few hand-written SGD steps on a fixed batch; returns it. */
    @SuppressWarnings("try")   // the scope is only opened and closed: no recording while updating
    private static Sequential train(Sequential model) {
        Tensor x = Tensor.randn(new Random(11), DataType.DOUBLE, 16, 3);
        Tensor y = x.sum(1, true).gt(-1.0);   // ~72% positives: the output bias alone cannot fit them
        double lr = 0.5;
        for (int step = 0; step < 25; step++) {
            model.zeroGrad();
            Losses.binaryCrossEntropyWithLogits(model.forward(x), y).backward();
            try (var off = Autograd.noGrad()) {
                for (Tensor p : model.parameters()) {
                    p.updateData(d -> d.subi(p.grad().data().mul(lr)));
                }
            }
        }
        return model;
    }

    private static Sequential network(BiFunction<Tensor, Random, Tensor> init) {
        Random random = new Random(21);
        Linear hidden = new Linear(3, 4, true, DataType.DOUBLE, random);
        Linear output = new Linear(4, 1, true, DataType.DOUBLE, random);
        for (Tensor p : new Tensor[] {hidden.weight(), hidden.bias(), output.weight(), output.bias()}) {
            init.apply(p, random);
        }
        return new Sequential(hidden, new Sigmoid(), output);
    }

    private static double[] row(Tensor w, int i) {
        return w.data().getRow(i).dup().data().asDouble();
    }

    @Test
    void zeroInitialisationLeavesEveryHiddenUnitIdenticalAfterTraining() {
        Sequential model = train(network((p, r) -> Init.zeros(p)));
        Tensor w1 = ((Linear) model.get(0)).weight();
        Tensor b1 = ((Linear) model.get(0)).bias();
        double[] w2 = ((Linear) model.get(2)).weight().toDoubleArray();
        assertTrue(Arrays.stream(row(w1, 0)).anyMatch(v -> Math.abs(v) > 1e-3), "the hidden weights did train");
        for (int unit = 1; unit < 4; unit++) {
            assertArrayEquals(row(w1, 0), row(w1, unit), "hidden unit " + unit + " computes what unit 0 computes");
            assertEquals(b1.toDoubleArray()[0], b1.toDoubleArray()[unit]);
            assertEquals(w2[0], w2[unit]);
        }
    }

    @Test
    void randomInitialisationBreaksTheSymmetry() {
        Sequential model = train(network((p, r) -> p.rank() == 2 ? Init.xavierNormal(p, r) : Init.zeros(p)));
        Tensor w1 = ((Linear) model.get(0)).weight();
        for (int unit = 1; unit < 4; unit++) {
            assertFalse(Arrays.equals(row(w1, 0), row(w1, unit)), "hidden unit " + unit + " differs from unit 0");
        }
        assertNotEquals(model.get(2).parameters().get(0).toDoubleArray()[0],
                model.get(2).parameters().get(0).toDoubleArray()[1]);
    }
}
