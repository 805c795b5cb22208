package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The fused softmax cross-entropy against its composition {@code −mean(logSoftmax(z)[c])}, its gradient and errors. */
class CrossEntropyTest {

    private static final DataType D = DataType.DOUBLE;

    private static Tensor composition(Tensor z, Tensor c, boolean mean) {
        Tensor picked = z.logSoftmax(1).gather(1, c.reshape(c.size(), 1)).neg();
        return mean ? picked.mean() : picked.sum();
    }

    @Property(tries = 30)
    void valueAndGradientEqualTheComposition(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 1, max = 5) int k, @ForAll long seed, @ForAll boolean mean) {
        java.util.Random random = new java.util.Random(seed);
        long[] classes = new long[n];
        for (int i = 0; i < n; i++) {
            classes[i] = random.nextInt(k);
        }
        Tensor c = Tensor.indices(classes);
        Tensor z = Tensor.randn(new Random(seed), D, n, k).mul(3).detach().requiresGrad(true);
        Tensor fused = mean ? z.crossEntropy(c) : z.crossEntropySum(c);
        Tensor reference = composition(z, c, mean);
        assertEquals(0, fused.rank());
        assertEquals(reference.item(), fused.item(), 1e-12);
        Tensor gFused = Autograd.grad(List.of(fused), List.of(z), false).get(0);
        Tensor gReference = Autograd.grad(List.of(reference), List.of(z), false).get(0);
        assertArrayEquals(gReference.toDoubleArray(), gFused.toDoubleArray(), 1e-12);
    }

    @Test
    void gradientIsSoftmaxMinusOneHotOverN() {
        Tensor z = Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 0}}).to(D).detach().requiresGrad(true);
        z.crossEntropy(Tensor.indices(2, 0)).backward();
        double[] s = z.softmax(1).toDoubleArray();
        double[] expected = {s[0] / 2, s[1] / 2, (s[2] - 1) / 2, (s[3] - 1) / 2, s[4] / 2, s[5] / 2};
        assertArrayEquals(expected, z.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void stableForHugeLogitsInFloat() {
        Tensor z = Tensor.of(Nd4j.createFromArray(new float[][] {{1000f, 0f}, {-1000f, 1000f}}));
        Tensor loss = z.crossEntropySum(Tensor.indices(0, 0));
        assertEquals(2000.0, loss.item(), 1e-3);
        assertEquals(DataType.FLOAT, loss.dtype());
    }

    @Test
    void secondOrderThroughTheFusedBackward() {
        Tensor z = Tensor.randn(new Random(7), D, 3, 4).requiresGrad(true);
        Tensor c = Tensor.indices(3, 0, 1);
        GradCheckResult r = GradCheck.checkSecondOrder(xs -> xs.get(0).crossEntropy(c).mul(xs.get(0).sum()), List.of(z));
        assertTrue(r.passed(), r.toString());
        Tensor h = Functional.hessian(x -> x.crossEntropy(c), z);
        Tensor hRef = Functional.hessian(x -> composition(x, c, true), z);
        assertArrayEquals(hRef.toDoubleArray(), h.toDoubleArray(), 1e-12);
    }

    @Test
    void badArgumentsFailNamingTheOp() {
        Tensor z = Tensor.zeros(D, 2, 3);
        String m1 = assertThrows(IndexOutOfBoundsException.class, () -> z.crossEntropy(Tensor.indices(0, 3))).getMessage();
        assertTrue(m1.contains("crossEntropy") && m1.contains("index 3"), m1);
        String m2 = assertThrows(IllegalArgumentException.class, () -> z.crossEntropy(Tensor.indices(0))).getMessage();
        assertTrue(m2.contains("crossEntropy") && m2.contains("[2]"), m2);
        String m3 = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(D, 2).crossEntropy(Tensor.indices(0, 1))).getMessage();
        assertTrue(m3.contains("crossEntropy") && m3.contains("[batch, classes]"), m3);
        String m4 = assertThrows(IllegalArgumentException.class,
                () -> z.crossEntropy(Tensor.of(0.0, 1.0))).getMessage();
        assertTrue(m4.contains("crossEntropy") && m4.contains("integer"), m4);
    }
}
