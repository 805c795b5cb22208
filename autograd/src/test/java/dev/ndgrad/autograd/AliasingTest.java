package dev.ndgrad.autograd;

import static dev.ndgrad.autograd.KernelPaths.onBothPaths;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gradients stay right where ops return views of their inputs: the engine adds gradients in place only
 * into arrays it owns, and a view shares its source's version counter. Each case was once silently wrong
 * (a gradient added into a buffer another gradient shared); each runs on the host path and on ND4J.
 */
class AliasingTest {

    private static final DataType D = DataType.DOUBLE;

    private static Tensor leaf(long[] shape, double... values) {
        return Tensor.of(Kernels.fromDoubles(D, values, shape)).requiresGrad(true);
    }


    @Test
    void aGradientThroughAReshapeAndASumToShapeOfOneLeafIsNotAddedTwice() {
        onBothPaths(() -> {
            // z [1, 2], y [2] = {5, 7}; u = 3·reshape(z) + sumToShape(z); L = Σ (y + u) ⊙ (1, 10): ∂L/∂y = (1, 10)
            Tensor z = leaf(new long[] {1, 2}, 1, 2);
            Tensor y = leaf(new long[] {2}, 5, 7);
            Tensor u = z.reshape(2).mul(3.0).add(z.sumToShape(2));
            y.add(u).mul(Tensor.of(Kernels.fromDoubles(D, new double[] {1, 10}, 2))).sum().backward();
            assertArrayEquals(new double[] {1, 10}, y.grad().toDoubleArray(), 0);
            assertArrayEquals(new double[] {4, 40}, z.grad().toDoubleArray(), 0);
        });
    }

    @Test
    void gradientsWithRespectToIntermediatesThroughSumToShapeAreNotAccumulatedIntoEachOther() {
        onBothPaths(() -> {
            Tensor a = leaf(new long[] {1, 2}, 1, 2);
            Tensor b = a.mul(2.0);                              // an intermediate [1, 2]
            Tensor c = b.sumToShape(2);                         // a view of b: only the size-1 axis goes
            Tensor loss = c.mul(Tensor.of(Kernels.fromDoubles(D, new double[] {10, 20}, 2))).sum()
                    .add(b.sum());
            List<Tensor> g = Autograd.grad(List.of(loss), List.of(b, c), Autograd.Options.defaults().retainingGraph());
            assertArrayEquals(new double[] {11, 21}, g.get(0).toDoubleArray(), 0);
            assertArrayEquals(new double[] {10, 20}, g.get(1).toDoubleArray(), 0);
        });
    }

    @Test
    void aHessianVectorProductOfALinearFunctionIsZero() {
        onBothPaths(() -> {
            // y / (y / x) = x: linear in x, its Hessian is 0 (x of shape [1, 1] made the engine alias once)
            Tensor x = Tensor.of(Kernels.fromDoubles(D, new double[] {0.7}, 1, 1));
            Tensor y = Tensor.of(Kernels.fromDoubles(D, new double[] {1.3, -0.4}, 2));
            List<Tensor> hv = Functional.hvp(in -> in.get(1).div(in.get(1).div(in.get(0))).sum(), List.of(x, y),
                    List.of(Tensor.of(Kernels.fromDoubles(D, new double[] {1}, 1, 1)),
                            Tensor.of(Kernels.fromDoubles(D, new double[] {1, 1}, 2))));
            assertArrayEquals(new double[] {0}, hv.get(0).toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {0, 0}, hv.get(1).toDoubleArray(), 1e-12);
        });
    }

    @Test
    void aRecurrenceThroughABroadcastOfBatchOneHasRightSecondDerivatives() {
        // A GRU-like recurrence with batch 1: a [3] bias broadcast against [1, 3] is a view; its second-order
        // gradients were wrong when the engine added into the shared buffer
        Random random = new Random(3);
        Tensor w = Tensor.randn(random, D, 3).named("w");
        Tensor b = Tensor.randn(random, D, 3).named("b");
        Tensor[] x = {Tensor.randn(random, D, 1, 1), Tensor.randn(random, D, 1, 1), Tensor.randn(random, D, 1, 1)};
        Tensor[] n = {Tensor.randn(random, D, 1, 1), Tensor.randn(random, D, 1, 1), Tensor.randn(random, D, 1, 1)};
        java.util.function.Function<List<Tensor>, Tensor> f = in -> {
            Tensor h = Tensor.zeros(D, 1, 1);
            for (int t = 0; t < 3; t++) {
                Tensor z = h.mul(in.get(0).reshape(1, 3)).add(in.get(1)).slice(1, 1, 2).add(x[t]).mul(0.5);
                h = z.mul(h).add(n[t]);
            }
            return h.square().sum();
        };
        onBothPaths(() -> {
            GradCheckResult first = GradCheck.check(f, List.of(w, b));
            GradCheckResult second = GradCheck.checkSecondOrder(f, List.of(w, b));
            assertTrue(first.passed(), first::toString);
            assertTrue(second.passed(), second::toString);
        });
    }

    /** Each op that can return a view of its input, and a function of x that uses the view and x together. */
    private static final Map<String, UnaryOperator<Tensor>> VIEWS = Map.of(
            "reshape", x -> x.reshape(6).mul(x.reshape(6)),
            "broadcastTo (same shape)", x -> x.broadcastTo(2, 3).mul(x.mul(2.0)),
            "broadcastTo (leading axis)", x -> x.reshape(1, 2, 3).broadcastTo(1, 2, 3).sum(0, false).mul(x),
            "sumToShape (size-1 axis)", x -> x.reshape(1, 2, 3).sumToShape(2, 3).add(x).mul(x),
            "unsqueeze and squeeze", x -> x.unsqueeze(0).squeeze(0).mul(x.unsqueeze(1).squeeze(1)),
            "transpose and permute", x -> x.transpose().mul(x.permute(1, 0)).transpose().add(x),
            "slice of everything", x -> x.slice(1, 0, 3).mul(x),
            "flatten", x -> x.flatten().mul(x.reshape(2, 3)));

    @ParameterizedTest
    @ValueSource(strings = {"reshape", "broadcastTo (same shape)", "broadcastTo (leading axis)", "sumToShape (size-1 axis)",
        "unsqueeze and squeeze", "transpose and permute", "slice of everything", "flatten"})
    void aViewAndItsSourceGetTheirOwnGradients(String name) {
        UnaryOperator<Tensor> view = VIEWS.get(name);
        Tensor x = Tensor.randn(new Random(name.hashCode()), D, 2, 3).named("x");
        onBothPaths(() -> {
            GradCheckResult first = GradCheck.check(in -> view.apply(in.get(0)).sum(), List.of(x));
            GradCheckResult second = GradCheck.checkSecondOrder(in -> view.apply(in.get(0)).sum(), List.of(x));
            assertTrue(first.passed(), () -> name + "\n" + first);
            assertTrue(second.passed(), () -> name + "\n" + second);
        });
    }

    @Test
    void aViewSharesItsSourcesVersionSoAnInPlaceChangeIsNoticed() {
        Tensor x = leaf(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor v = x.reshape(6);
        Tensor y = v.mul(v).sum();                  // mul saves its inputs: the view v
        x.updateStorage(s -> Kernels.scaleInPlace(s, 2));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
        assertEquals(x.version(), v.version());
    }

    @Test
    void aLeafWithAViewChangesDtypeInPlaceAndTheViewKeepsTheOldValues() {
        Tensor x = leaf(new long[] {2, 2}, 1, 2, 3, 4);
        Tensor v = x.reshape(4);                    // a forward pass's reshape of a parameter, say
        Tensor y = v.mul(v).sum();
        x.castInPlace(DataType.FLOAT);
        assertEquals(DataType.FLOAT, x.dtype());
        assertArrayEquals(new double[] {1, 2, 3, 4}, x.reshape(4).toDoubleArray(), 0);
        assertEquals(D, v.dtype());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
        Tensor z = x.mul(x).sum();                  // and the leaf trains on in its new dtype
        z.backward();
        assertArrayEquals(new double[] {2, 4, 6, 8}, x.grad().reshape(4).toDoubleArray(), 0);
    }

    /** An op whose forward hands back its input's own storage: the identity shortcut an op may take. */
    static final class ReturnsItsInput extends Primitive {
        /** A custom op (which may return a view of any input). */
        ReturnsItsInput() {
            super("identity");
        }

        /** Posing as a built-in op of {@code kind}, bound by what the kind declares. */
        ReturnsItsInput(OpKind kind) {
            super(kind);
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            return in[0].storage();
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad};
        }
    }

    @Test
    void anIdentityShortcutIsAViewAndBothGetTheirOwnGradients() {
        Tensor x = Tensor.randn(new Random(5), D, 2, 3).named("x");
        onBothPaths(() -> {
            // f(x) = Σ identity(x) ⊙ x² + identity(x): ∂f = 3x² + 1, the shortcut's gradient added beside x's own
            java.util.function.Function<List<Tensor>, Tensor> f = in -> {
                Tensor same = new ReturnsItsInput().apply(in.get(0));
                return same.mul(in.get(0).square()).add(same).sum();
            };
            GradCheckResult first = GradCheck.check(f, List.of(x));
            GradCheckResult second = GradCheck.checkSecondOrder(f, List.of(x));
            assertTrue(first.passed(), first::toString);
            assertTrue(second.passed(), second::toString);
            Tensor leaf = x.detach().requiresGrad(true);
            f.apply(List.of(leaf)).backward();
            double[] v = x.toDoubleArray();
            double[] g = leaf.grad().toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(3 * v[i] * v[i] + 1, g[i], 1e-12);
            }
        });
    }

    @Test
    void aBuiltInOpWhoseOutputSharesAnUndeclaredInputIsCaught() {
        // matmul's kind declares a new array; this forward hands back its input, so the engine would add into the
        // caller's memory
        Primitive lying = new ReturnsItsInput(OpRegistry.all().get("matmul"));
        Tensor x = leaf(new long[] {2}, 1, 2);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> lying.apply(x));
        assertTrue(e.getMessage().startsWith("matmul: its output shares memory with input 0 but the op declares a new "
                + "array"), e.getMessage());
    }
}
