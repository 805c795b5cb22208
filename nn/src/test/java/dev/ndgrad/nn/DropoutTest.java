package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Inverted dropout: the kept fraction, the preserved expectation, eval = identity, seeded masks. */
class DropoutTest {

    /**
     * With keep_prob = 0.7 on an all-ones input, every output is 0 or 1/0.7; the fraction kept and the mean
     * activation are binomial averages over n = 200,000 units, so they must lie within 5 standard errors of
     * keep_prob and of 1 (the point of <em>inverted</em> dropout: the expected activation is unchanged).
     */
    @Test
    void invertedDropoutKeepsTheExpectedActivation() {
        double keep = 0.7;
        int rows = 400;
        int cols = 500;
        Dropout dropout = Dropout.withKeepProb(keep).seed(1234);
        double[] y = dropout.forward(Tensor.ones(DataType.DOUBLE, rows, cols)).toDoubleArray();
        long kept = 0;
        double sum = 0;
        for (double v : y) {
            assertTrue(v == 0 || Math.abs(v - 1 / keep) < 1e-12, "each unit is dropped or scaled by 1/keep_prob: " + v);
            kept += v == 0 ? 0 : 1;
            sum += v;
        }
        double n = (double) rows * cols;
        double keptStandardError = Math.sqrt(keep * (1 - keep) / n);
        assertEquals(keep, kept / n, 5 * keptStandardError);
        // mean of (Bernoulli(keep)/keep): standard deviation √(keep(1 − keep))/keep per unit
        assertEquals(1.0, sum / n, 5 * keptStandardError / keep);
    }

    @Test
    void theGradientFlowsOnlyThroughKeptUnits() {
        Dropout dropout = new Dropout(0.5, 7L);
        Tensor x = Tensor.randn(new Random(3), DataType.DOUBLE, 20, 10).requiresGrad(true);
        Tensor y = dropout.forward(x);
        y.sum().backward();
        double[] out = y.toDoubleArray();
        double[] in = x.toDoubleArray();
        double[] grad = x.grad().toDoubleArray();
        for (int i = 0; i < out.length; i++) {
            double mask = grad[i];   // ∂Σy/∂x = d / keep_prob
            assertTrue(mask == 0 || mask == 2, "mask value " + mask);
            assertEquals(in[i] * mask, out[i], 1e-15);
        }
    }

    @Test
    void evalModeIsTheIdentity() {
        Dropout dropout = new Dropout(0.9, 3L);
        Tensor x = Tensor.randn(new Random(4), DataType.FLOAT, 5, 6);
        dropout.eval();
        assertSame(x, dropout.forward(x));
        Module model = new Sequential(new Linear(6, 6, true, DataType.FLOAT, 1L), dropout).eval();
        Module reference = new Sequential(new Linear(6, 6, true, DataType.FLOAT, 1L));
        assertArrayEquals(reference.forward(x).toDoubleArray(), model.forward(x).toDoubleArray());
        dropout.train();
        assertTrue(dropout.isTraining());
    }

    @Test
    void theSameSeedGivesTheSameMaskAndKeepProbOneKeepsEverything() {
        Tensor x = Tensor.ones(DataType.DOUBLE, 8, 8);
        Dropout a = new Dropout(0.4, 11L);
        Dropout b = new Dropout(0.4, 11L);
        double[] first = a.forward(x).toDoubleArray();
        assertArrayEquals(first, b.forward(x).toDoubleArray());
        assertArrayEquals(first, a.seed(11L).forward(x).toDoubleArray());
        assertSame(x, Dropout.withKeepProb(1.0).forward(x));
        for (double v : new Dropout(1.0).forward(x).toDoubleArray()) {
            assertEquals(0.0, v);
        }
    }

    @Test
    void invalidProbabilitiesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertTrue(e.getMessage().contains("keep_prob") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dropout.withKeepProb(-0.1));
        assertEquals("Dropout(p=0.25, keep_prob=0.75)", new Dropout(0.25).toString());
    }
}
