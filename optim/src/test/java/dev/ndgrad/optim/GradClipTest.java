package dev.ndgrad.optim;

import static dev.ndgrad.optim.SgdTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class GradClipTest {

    @Test
    void clipsTheGlobalNormKeepingTheDirection() {
        Tensor a = Params.of(0, 0);
        Tensor b = Params.of(0);
        Tensor unused = Params.of(0);
        Params.setGrad(a, 3, 4);
        Params.setGrad(b, 12);
        // ‖g‖ = √(9 + 16 + 144) = 13
        double norm = GradClip.clipGradNorm(List.of(a, b, unused), 6.5);
        assertEquals(13, norm, 1e-12);
        double scale = 6.5 / (13 + 1e-6);
        assertArrayEquals(new double[] {3 * scale, 4 * scale}, a.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {12 * scale}, b.grad().toDoubleArray(), 1e-12);
        assertNull(unused.grad());
    }

    @Test
    void leavesSmallGradientsAlone() {
        Tensor a = Params.of(0, 0);
        Params.setGrad(a, 3, 4);
        Tensor before = a.grad();
        assertEquals(5, GradClip.clipGradNorm(List.of(a), 5), 1e-12);
        assertSame(before, a.grad());
    }

    @Test
    void aGradientSharedByTwoParametersIsScaledOnceForEach() {
        // the backward of a + b hands one gradient tensor to both a and b
        Tensor a = Params.of(1, 1);
        Tensor b = Params.of(2, 2);
        a.add(b).mul(Tensor.of(Nd4j.createFromArray(3.0, 4.0))).sum().backward();
        double norm = GradClip.clipGradNorm(List.of(a, b), 1);
        assertEquals(Math.sqrt(50), norm, 1e-12);
        double scale = 1 / (Math.sqrt(50) + 1e-6);
        assertArrayEquals(new double[] {3 * scale, 4 * scale}, a.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {3 * scale, 4 * scale}, b.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void theCallersGradOutputIsNotChanged() {
        Tensor w = Params.of(0, 0);
        Tensor gradOutput = Tensor.of(Nd4j.createFromArray(new double[][] {{30, 40}}));
        w.reshape(1, 2).backward(gradOutput);   // reshape's backward hands on a view of gradOutput
        GradClip.clipGradNorm(List.of(w), 5);
        assertArrayEquals(new double[] {30, 40}, gradOutput.toDoubleArray(), 0);
        assertArrayEquals(new double[] {3, 4}, w.grad().toDoubleArray(), 1e-6);
    }

    @Test
    void nonFiniteNormChangesNothing() {
        Tensor a = Params.of(1, 1);
        Params.setGrad(a, Double.POSITIVE_INFINITY, 1);
        assertTrue(Double.isInfinite(GradClip.clipGradNorm(List.of(a), 1)));
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 1}, a.grad().toDoubleArray(), 0);
    }

    @Test
    void clipsByValue() {
        Tensor a = Params.of(0, 0, 0);
        Tensor b = Params.of(0);
        Params.setGrad(a, -5, 0.5, 3);
        Params.setGrad(b, 0.1);
        Tensor bGrad = b.grad();
        GradClip.clipGradValue(List.of(a, b), 1);
        assertArrayEquals(new double[] {-1, 0.5, 1}, a.grad().toDoubleArray(), 0);
        assertSame(bGrad, b.grad(), "a gradient inside the range is kept as it is");
    }

    @Test
    void rejectsBadLimits() {
        List<Tensor> ps = List.of(Params.of(1));
        assertMessage(() -> GradClip.clipGradNorm(ps, 0), "clipGradNorm", "maxNorm", "> 0");
        assertMessage(() -> GradClip.clipGradValue(ps, -1), "clipGradValue", "clip", "-1");
    }
}
