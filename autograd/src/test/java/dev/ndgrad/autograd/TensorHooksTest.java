package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Gradient hooks on tensors and retained gradients of non-leaf tensors, as PyTorch's register_hook/retain_grad. */
class TensorHooksTest {

    private static Tensor leaf(double... values) {
        return Tensor.of(Nd4j.createFromArray(values)).requiresGrad(true);
    }

    @Test
    void aHookOnALeafChangesWhatIsAccumulated() {
        Tensor x = leaf(1, 2);
        List<double[]> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return g.mul(10);
        });
        x.mul(x).sum().backward();                  // ∂/∂x = 2x, summed over both uses before the hook
        assertEquals(1, seen.size());
        assertArrayEquals(new double[] {2, 4}, seen.get(0), 0);
        assertArrayEquals(new double[] {20, 40}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aHookOnAnIntermediateTensorChangesEverythingUpstream() {
        Tensor x = leaf(1, 2, 3);
        Tensor h = x.mul(2);
        h.registerHook(g -> g.neg());
        h.add(x).sum().backward();                  // through h: −2 per element; directly: +1
        assertArrayEquals(new double[] {-1, -1, -1}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void hooksRunInOrderAndNullKeepsTheGradient() {
        Tensor x = leaf(1);
        List<String> order = new ArrayList<>();
        x.registerHook(g -> {
            order.add("first");
            return g.add(1);
        });
        x.registerHook(g -> {
            order.add("second saw " + g.item());
            return null;
        });
        x.mul(3).sum().backward();
        assertEquals(List.of("first", "second saw 4.0"), order);
        assertEquals(4, x.grad().item(), 0);
    }

    @Test
    void theHandleRemovesTheHookAndOnlyThatRegistration() {
        Tensor x = leaf(1);
        java.util.function.UnaryOperator<Tensor> doubling = g -> g.mul(2);
        HookHandle first = x.registerHook(doubling);
        try (HookHandle second = x.registerHook(doubling)) {
            x.sum().backward();
            assertEquals(4, x.grad().item(), 0);
            first.remove();
            first.remove();                          // twice does nothing
            x.zeroGrad();
            x.sum().backward();
            assertEquals(2, x.grad().item(), 0);
        }
        x.zeroGrad();
        x.sum().backward();
        assertEquals(1, x.grad().item(), 0);
    }

    @Test
    void hooksApplyToAutogradGradToo() {
        Tensor x = leaf(1, 2);
        Tensor h = x.exp();
        h.registerHook(g -> g.mul(0));
        x.registerHook(g -> g.add(5));
        List<Tensor> g = Autograd.grad(List.of(h.add(x).sum()), List.of(x, h), false);
        assertArrayEquals(new double[] {6, 6}, g.get(0).toDoubleArray(), 0);   // 1 direct + 0 via h, then +5
        assertArrayEquals(new double[] {0, 0}, g.get(1).toDoubleArray(), 0);   // h's own gradient, after its hook
        assertNull(x.grad());
    }

    @Test
    void withCreateGraphTheHookIsDifferentiatedToo() {
        // y = x³, hook g ↦ g·x: the recorded gradient is 3x²·x = 3x³, whose derivative is 9x²
        Tensor x = leaf(2);
        x.registerHook(g -> g.mul(x));
        Tensor gx = Autograd.grad(List.of(x.pow(3).sum()), List.of(x), true).get(0);
        assertEquals(24, gx.item(), 1e-12);
        Tensor ggx = Autograd.grad(List.of(gx.sum()), List.of(x), false).get(0);
        assertEquals(72, ggx.item(), 1e-12);     // d(3x³)/dx = 9x², and the hook runs on this pass too: 9x²·x
    }

    @Test
    void aHookMustKeepTheShape() {
        Tensor x = leaf(1, 2);
        x.registerHook(g -> g.sum());
        var e = assertThrows(IllegalStateException.class, () -> x.mul(2).sum().backward());
        assertTrue(e.getMessage().contains("must keep the gradient's shape"), e.getMessage());
    }

    @Test
    void hooksNeedATensorThatRequiresGrad() {
        Tensor constant = Tensor.of(Nd4j.createFromArray(1.0));
        var e = assertThrows(IllegalStateException.class, () -> constant.registerHook(g -> g));
        assertTrue(e.getMessage().contains("registerHook"), e.getMessage());
        assertThrows(IllegalStateException.class, constant::retainGrad);
        assertThrows(NullPointerException.class, () -> leaf(1).registerHook(null));
    }

    @Test
    void retainGradFillsTheGradOfAnIntermediateTensor() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3).retainGrad();
        assertTrue(h.retainsGrad());
        Tensor other = x.mul(4);
        assertFalse(other.retainsGrad());
        h.square().sum().add(other.sum()).backward(null, true);   // retains the graph for a second pass
        assertArrayEquals(new double[] {6, 12}, h.grad().toDoubleArray(), 0);   // 2h
        assertNull(other.grad());
        h.square().sum().backward();
        assertArrayEquals(new double[] {12, 24}, h.grad().toDoubleArray(), 0);  // accumulated like a leaf's
    }

    @Test
    void aRetainedGradIsTheOneAfterTheHooks() {
        Tensor x = leaf(1);
        Tensor h = x.mul(2);
        h.registerHook(g -> g.mul(7));
        h.retainGrad();
        h.sum().backward();
        assertEquals(7, h.grad().item(), 0);
        assertEquals(14, x.grad().item(), 0);
    }

    @Test
    void aRetainedGradIsTheTensorsOwnArray() {
        // the incoming gradient is passed through add unchanged: retaining it must not alias x's grad
        Tensor x = leaf(1, 1);
        Tensor h = x.add(0.0).retainGrad();
        h.sum().backward();
        x.grad().updateStorage(s -> dev.ndgrad.autograd.kernel.Kernels.scaleInPlace(s, 5));
        assertArrayEquals(new double[] {1, 1}, h.grad().toDoubleArray(), 0);
    }

    @Test
    void retainGradOnALeafChangesNothing() {
        Tensor x = leaf(3);
        assertEquals(x, x.retainGrad());
        x.mul(2).sum().backward();
        assertEquals(2, x.grad().item(), 0);
    }
}
