package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.kernel.KernelPath;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link Tensor#releaseWithGraph()} and the reuse of a gradient at {@link Tensor#zeroGrad()}: memory goes back only
 * when nothing but the graph (or nobody) can still read it, and a read after that is a clear error, never a stale
 * value. Shapes of 64 × 64 (4,096 elements) so that the released arrays are ones the kernels pool. With the host path
 * off (ND4J alone) memory stays ND4J's to free, and the tensors keep their values.
 */
class ReleaseWithGraphTest {

    /** Released: a read fails and says why (host path); or, on ND4J's path, the values are still the same. */
    private static void assertReleased(Tensor t, double[] before) {
        if (KernelPath.hostEnabled()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, t::toDoubleArray);
            assertTrue(e.getMessage().contains("releaseWithGraph"), e.getMessage());
        } else {
            assertArrayEquals(before, t.toDoubleArray(), 0.0);
        }
    }

    private final Tensor x = Tensor.randn(new Random(1), DataType.FLOAT, 64, 64);
    private final Tensor w = Tensor.randn(new Random(2), DataType.FLOAT, 64, 64).requiresGrad(true);

    private Tensor hidden() {
        Tensor h = x.matmul(w).relu();
        h.releaseWithGraph();
        return h;
    }

    @Test
    void anIntermediateMarkedForReleaseIsGoneAfterBackward() {
        Tensor h = hidden();
        double[] before = h.toDoubleArray();
        h.square().sum().backward();
        assertReleased(h, before);
    }

    @Test
    void aRetainedGraphKeepsItUntilTheLastBackward() {
        Tensor h = hidden();
        double[] before = h.toDoubleArray();
        Tensor loss = h.square().sum();
        loss.backward(null, true);
        assertArrayEquals(before, h.toDoubleArray(), 0.0);
        loss.backward(null, false);
        assertReleased(h, before);
    }

    @Test
    void autogradGradWithTargetsReleasesNothing() {
        Tensor h = hidden();
        double[] before = h.toDoubleArray();
        Autograd.grad(h.square().sum(), List.of(w), false);
        assertArrayEquals(before, h.toDoubleArray(), 0.0);
    }

    @Test
    void aLeafOrATensorWithAViewIsNeverReleased() {
        Tensor leaf = Tensor.randn(new Random(3), DataType.FLOAT, 64, 64).requiresGrad(true);
        leaf.releaseWithGraph();
        Tensor viewed = x.matmul(w).relu();
        viewed.releaseWithGraph();
        Tensor view = viewed.reshape(4096);
        double[] before = viewed.toDoubleArray();
        leaf.mul(viewed).sum().add(view.sum()).backward();
        assertEquals(4096, leaf.toDoubleArray().length);
        assertArrayEquals(before, viewed.toDoubleArray(), 0.0);
        assertArrayEquals(before, view.toDoubleArray(), 0.0);
    }

    @Test
    void zeroGradReusesOnlyAGradientNobodyWasHanded() {
        x.matmul(w).sum().backward();
        Tensor handed = w.grad();
        double[] values = handed.toDoubleArray();
        w.zeroGrad();
        x.matmul(w).mul(2).sum().backward();
        assertArrayEquals(values, handed.toDoubleArray(), 0.0, "grad() hands the gradient out: it stays as it was");

        Tensor unhanded = w.gradForUpdate();        // keeps no claim on the gradient's memory
        double[] second = unhanded.toDoubleArray();
        w.zeroGrad();
        assertReleased(unhanded, second);
        x.matmul(w).sum().backward();
        assertArrayEquals(values, w.grad().toDoubleArray(), 0.0, "the reused memory holds the new gradient exactly");
    }
}
