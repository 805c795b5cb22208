package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Dropout2d, Flatten and the GELU, SiLU and ELU modules. */
class ImageLayersTest {

    private static final DataType D = DataType.DOUBLE;

    /**
     * Every feature map is dropped or kept whole, kept ones scaled by 1/keep_prob; over 20,000 maps the kept
     * fraction lies within 5 standard errors of keep_prob.
     */
    @Test
    void dropout2dDropsWholeChannels() {
        double keep = 0.6;
        Dropout2d dropout = new Dropout2d(1 - keep, new Random(1));
        int n = 200;
        int c = 100;
        double[] y = dropout.forward(Tensor.ones(D, n, c, 2, 3)).toDoubleArray();
        int kept = 0;
        for (int map = 0; map < n * c; map++) {
            double first = y[map * 6];
            assertTrue(first == 0 || Math.abs(first - 1 / keep) < 1e-12, "a map is scaled by 1/keep_prob or zero");
            for (int i = 1; i < 6; i++) {
                assertEquals(first, y[map * 6 + i], 0, "map " + map + " is not dropped whole");
            }
            kept += first == 0 ? 0 : 1;
        }
        double fraction = kept / (double) (n * c);
        assertEquals(keep, fraction, 5 * Math.sqrt(keep * (1 - keep) / (n * c)));
    }

    @Test
    void dropout2dIsTheIdentityInEvalAndReproducibleWhenSeeded() {
        Dropout2d dropout = new Dropout2d(0.5, new Random(2));
        Tensor x = Tensor.randn(new Random(3), D, 2, 4, 3, 3);
        double[] a = dropout.seed(9).forward(x).toDoubleArray();
        assertArrayEquals(a, dropout.seed(9).forward(x).toDoubleArray(), 0);
        dropout.eval();
        assertSame(x, dropout.forward(x));
        assertSame(x, new Dropout2d(0).forward(x));
        assertArrayEquals(new long[] {4, 3, 3}, new Dropout2d(0.3).forward(Tensor.ones(D, 4, 3, 3)).shape());
        assertMessage(() -> new Dropout2d(0.5).forward(Tensor.ones(D, 4, 3)), "Dropout2d: input DOUBLE[4, 3] must be");
        assertMessage(() -> new Dropout2d(1.5), "Dropout2d: p (the drop probability, 1 − keep_prob) must be in [0, 1]");
        assertEquals("Dropout2d(p=0.25, keep_prob=0.75)", new Dropout2d(0.25).toString());
    }

    @Test
    void flattenJoinsTheChosenAxes() {
        Tensor x = Tensor.zeros(D, 2, 3, 4, 5);
        assertArrayEquals(new long[] {2, 60}, new Flatten().forward(x).shape());
        assertArrayEquals(new long[] {6, 4, 5}, new Flatten(0, 1).forward(x).shape());
        assertArrayEquals(new long[] {2, 12, 5}, new Flatten(1, -2).forward(x).shape());
        assertArrayEquals(new long[] {2, 3, 4, 5}, new Flatten(2, 2).forward(x).shape());
        assertMessage(() -> new Flatten(2, 1).forward(x), "Flatten: start_dim 2 comes after end_dim 1");
        assertMessage(() -> new Flatten(1, 4).forward(x), "Flatten(end_dim=4): axis 4 is out of range");
        Tensor w = Tensor.randn(new Random(4), D, 2, 3).requiresGrad(true);
        new Flatten(0, 1).forward(w).mul(Tensor.arange(D, 0, 6, 1)).sum().backward();
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, w.grad().toDoubleArray(), 0);
    }

    @Test
    void activationModulesApplyTheirFunctions() {
        Tensor x = Tensor.randn(new Random(5), D, 3, 4);
        assertArrayEquals(x.gelu().toDoubleArray(), new GELU().forward(x).toDoubleArray(), 0);
        assertArrayEquals(x.geluTanh().toDoubleArray(), new GELU("tanh").forward(x).toDoubleArray(), 0);
        assertArrayEquals(x.silu().toDoubleArray(), new SiLU().forward(x).toDoubleArray(), 0);
        assertArrayEquals(x.elu(0.5).toDoubleArray(), new ELU(0.5).forward(x).toDoubleArray(), 0);
        assertArrayEquals(x.elu().toDoubleArray(), new ELU().forward(x).toDoubleArray(), 0);
        assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString());
        assertMessage(() -> new GELU("fast"), "GELU: approximate must be 'none' or 'tanh', got 'fast'");
        assertMessage(() -> new ELU(Double.NaN), "ELU: alpha must be finite");
    }
}
