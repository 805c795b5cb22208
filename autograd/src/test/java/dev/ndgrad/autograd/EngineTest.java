package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The reverse-mode engine: graph walking, accumulation, graph lifetime, grad mode and Autograd.grad. */
class EngineTest {

    private static final DataType D = DataType.DOUBLE;

    private static Tensor variable(double... values) {
        return Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(values)).requiresGrad(true);
    }

    private static void assertValues(double[] expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected, actual.toDoubleArray(), tolerance, actual.describe());
    }

    // ------------------------------------------------------------------ graph walking

    @Test
    void aChainOfTenThousandOpsBackpropagatesWithoutRecursion() {
        Tensor x = Tensor.scalar(D, 1.0).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 10_000; i++) {
            y = y.mul(1.0001);
        }
        y.backward();
        assertEquals(Math.pow(1.0001, 10_000), x.grad().item(), 1e-9);
    }

    @Test
    void fanOutSumsTheGradientsOfEveryUse() {
        // y = x·x + 3x + x: dy/dx = 2x + 4
        Tensor x = variable(1.5, -2.0);
        x.mul(x).add(x.mul(3)).add(x).sum().backward();
        assertValues(new double[] {7.0, 0.0}, x.grad(), 1e-12);
    }

    @Test
    void aSkipConnectionAddsTheResidualPath() {
        // h = tanh(x), y = tanh(2h) + h: dy/dx = (2(1 − tanh²(2h)) + 1)(1 − h²)
        Tensor x = variable(0.3, -0.8, 1.2);
        Tensor h = x.tanh();
        h.mul(2).tanh().add(h).sum().backward();
        double[] expected = new double[3];
        double[] xs = {0.3, -0.8, 1.2};
        for (int i = 0; i < 3; i++) {
            double hv = Math.tanh(xs[i]);
            double t = Math.tanh(2 * hv);
            expected[i] = (2 * (1 - t * t) + 1) * (1 - hv * hv);
        }
        assertValues(expected, x.grad(), 1e-12);
        GradCheckResult r = GradCheck.check(
                in -> in.get(0).tanh().mul(2).tanh().add(in.get(0).tanh()).sum(), List.of(x.detach().copy()));
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void aDiamondGraphRunsEachNodeOnceAfterAllItsConsumers() {
        // a = 2x feeds both a² and 3a: y = a²·3a = 24x³, dy/dx = 72x²
        Tensor x = variable(0.5, -1.0);
        Tensor a = x.mul(2);
        a.square().mul(a.mul(3)).sum().backward();
        assertValues(new double[] {72 * 0.25, 72 * 1.0}, x.grad(), 1e-12);
    }

    // ------------------------------------------------------------------ accumulation and ownership

    @Test
    void leafGradientsAccumulateInPlaceAcrossBackwardCalls() {
        Tensor x = variable(1.0, 2.0);
        x.square().sum().backward();
        Tensor first = x.grad();
        assertValues(new double[] {2, 4}, first, 0);
        x.square().sum().backward();
        assertSame(first, x.grad(), "the second backward adds into the same grad tensor");
        assertValues(new double[] {4, 8}, x.grad(), 0);
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void twoLeavesNeverShareAGradient() {
        // add's backward hands the same gradient to both inputs; each leaf must still get its own array
        Tensor x = variable(1.0, 2.0);
        Tensor y = variable(3.0, 4.0);
        Tensor g = Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(1.0, 1.0));
        x.add(y).backward(g);
        assertNotSame(x.grad(), y.grad());
        assertNotSame(x.grad().data(), y.grad().data());
        x.add(y).backward(g);
        assertValues(new double[] {2, 2}, x.grad(), 0);
        assertValues(new double[] {2, 2}, y.grad(), 0);
        assertValues(new double[] {1, 1}, g, 0);   // the caller's gradOutput is never accumulated into
        x.grad().data().muli(10);                 // e.g. an in-place clip of one parameter's gradient
        assertValues(new double[] {2, 2}, y.grad(), 0);
    }

    @Test
    void theGradOutputOfABackwardFromALeafIsCopied() {
        Tensor x = variable(1.0, 2.0);
        Tensor g = Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(0.5, 0.25));
        x.backward(g);
        x.backward(g);
        assertValues(new double[] {1.0, 0.5}, x.grad(), 0);
        assertValues(new double[] {0.5, 0.25}, g, 0);
    }

    @Test
    void gradientsThroughViewsDoNotWriteIntoTheCallersTensors() {
        // reshape and permute hand back views of the incoming gradient
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).to(D).detach().requiresGrad(true);
        Tensor g = Tensor.ones(D, 3, 2);
        Tensor y = x.transpose();
        Tensor z = x.reshape(3, 2);
        y.add(z).backward(g);
        y = x.transpose();
        z = x.reshape(3, 2);
        y.add(z).backward(g);
        assertValues(new double[] {1, 1, 1, 1, 1, 1}, g, 0);
        assertValues(new double[] {4, 4, 4, 4, 4, 4}, x.grad(), 0);
    }

    @Test
    void broadcastGradientsAreSummedBackToEachInputsShape() {
        Tensor a = Tensor.ones(D, 2, 3).requiresGrad(true);
        Tensor b = Tensor.ones(D, 3).requiresGrad(true);
        Tensor c = Tensor.scalar(D, 2.0).requiresGrad(true);
        a.add(b).mul(c).sum().backward();
        assertArrayEquals(new long[] {2, 3}, a.grad().shape());
        assertArrayEquals(new long[] {3}, b.grad().shape());
        assertArrayEquals(new long[0], c.grad().shape());
        assertValues(new double[] {4, 4, 4}, b.grad(), 0);
        assertEquals(12.0, c.grad().item(), 0);
    }

    // ------------------------------------------------------------------ graph lifetime

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = variable(2.0);
        Tensor loss = x.mul(x).sum();
        loss.backward(null, true);
        loss.backward(null, true);
        loss.backward();
        assertValues(new double[] {12.0}, x.grad(), 0);
    }

    @Test
    void aSecondBackwardThroughAFreedGraphIsAClearError() {
        Tensor x = variable(2.0);
        Tensor loss = x.mul(x).sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("mul"), e.getMessage());
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void savedTensorsAreFreedAfterBackwardUnlessRetained() {
        Tensor x = variable(1.0, 2.0);
        Tensor y = x.mul(x);
        Tensor e = x.exp();
        Context mul = y.gradFn().context;
        Context exp = e.gradFn().context;
        assertEquals(2, mul.savedUnchecked().length);
        y.add(e).sum().backward(null, true);
        assertEquals(2, mul.savedUnchecked().length);
        assertSame(e, exp.outputUnchecked());
        y.add(e).sum().backward();
        assertEquals(0, mul.savedUnchecked().length);
        assertNull(exp.outputUnchecked());
    }

    @Test
    void aGraphThatSavedNothingCanBeWalkedAgain() {
        // as in PyTorch: only saved tensors are freed, and add/reshape/sum keep none
        Tensor x = variable(1.0, 2.0);
        Tensor loss = x.add(1).reshape(2, 1).sum();
        loss.backward();
        loss.backward();
        assertValues(new double[] {2, 2}, x.grad(), 0);
    }

    @Test
    void changingASavedTensorInPlaceMakesBackwardFailNamingTheOp() {
        Tensor x = variable(1.0, 2.0);
        Tensor w = variable(3.0, 4.0);
        Tensor loss = x.mul(w).exp().sum();
        w.updateData(d -> d.addi(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("mul"), e.getMessage());
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void changingASavedOutputThroughSetDataIsDetected() {
        Tensor x = variable(1.0, 2.0);
        Tensor y = x.exp();   // exp saves its output
        Tensor loss = y.sum();
        y.setData(org.nd4j.linalg.factory.Nd4j.createFromArray(0.0, 0.0));
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().startsWith("exp"), e.getMessage());
    }

    @Test
    void changingAViewOfASavedTensorIsDetected() {
        Tensor x = variable(1.0, 2.0, 3.0, 4.0);
        Tensor loss = x.log().sum();             // log saves x
        x.detach().reshape(2, 2).setData(org.nd4j.linalg.factory.Nd4j.ones(D, 2, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("log"), e.getMessage());
    }

    @Test
    void detachCutsTheGraphButSharesTheData() {
        Tensor x = variable(3.0);
        Tensor d = x.detach();
        assertTrue(d.isLeaf());
        assertFalse(d.requiresGrad());
        assertSame(x.data(), d.data());
        x.mul(d).sum().backward();   // d is a constant: d(x·d)/dx = d
        assertValues(new double[] {3.0}, x.grad(), 0);
    }

    // ------------------------------------------------------------------ grad mode

    @Test
    @SuppressWarnings("try")   // the scopes are used for their effect on close
    void noGradScopesNestAndRestore() {
        Tensor x = variable(1.0);
        assertTrue(Autograd.isGradEnabled());
        try (var outer = Autograd.noGrad()) {
            assertFalse(x.mul(2).requiresGrad());
            try (var inner = Autograd.enableGrad()) {
                assertTrue(x.mul(2).requiresGrad());
                try (var innermost = Autograd.noGrad()) {
                    assertFalse(Autograd.isGradEnabled());
                }
                assertTrue(Autograd.isGradEnabled());
            }
            assertFalse(Autograd.isGradEnabled());
        }
        assertTrue(Autograd.isGradEnabled());
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    @SuppressWarnings("try")
    void gradModeIsPerThread() throws InterruptedException {
        Tensor x = variable(1.0);
        AtomicBoolean otherEnabled = new AtomicBoolean();
        AtomicBoolean otherRecorded = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (var scope = Autograd.noGrad()) {
            Thread other = new Thread(() -> {
                try {
                    otherEnabled.set(Autograd.isGradEnabled());
                    otherRecorded.set(x.mul(2).requiresGrad());
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            other.start();
            other.join();
            assertFalse(x.mul(2).requiresGrad());
        }
        assertNull(failure.get());
        assertTrue(otherEnabled.get(), "another thread keeps recording while this one is in noGrad");
        assertTrue(otherRecorded.get());
    }

    // ------------------------------------------------------------------ Autograd.grad

    @Test
    void gradWithCreateGraphGivesDerivativesOfDerivatives() {
        // y = x³: dy/dx = 3x², d²y/dx² = 6x, d³y/dx³ = 6
        Tensor x = variable(2.0);
        Tensor y = x.pow(3).sum();
        Tensor g = Autograd.grad(y, List.of(x), true).get(0);
        assertValues(new double[] {12.0}, g, 1e-12);
        assertTrue(g.requiresGrad());
        Tensor g2 = Autograd.grad(g.sum(), List.of(x), true).get(0);
        assertValues(new double[] {12.0}, g2, 1e-12);
        Tensor g3 = Autograd.grad(g2.sum(), List.of(x), false).get(0);
        assertValues(new double[] {6.0}, g3, 1e-12);
        assertNull(x.grad(), "Autograd.grad leaves .grad alone");
    }

    @Test
    void gradWithoutCreateGraphReturnsConstants() {
        Tensor x = variable(2.0);
        Tensor g = Autograd.grad(x.pow(3).sum(), List.of(x), false).get(0);
        assertFalse(g.requiresGrad());
        assertValues(new double[] {12.0}, g, 1e-12);
    }

    @Test
    void gradOfAnUnusedInputIsAnErrorUnlessAllowed() {
        Tensor x = variable(2.0);
        Tensor unused = variable(5.0).named("unused");
        Tensor y = x.square().sum();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(List.of(y), List.of(x, unused), Autograd.Options.defaults().retainingGraph()));
        assertTrue(e.getMessage().contains("'unused'") && e.getMessage().contains("allowUnused"), e.getMessage());
        List<Tensor> g = Autograd.grad(List.of(y), List.of(x, unused), Autograd.Options.defaults().allowingUnused());
        assertValues(new double[] {4.0}, g.get(0), 0);
        assertValues(new double[] {0.0}, g.get(1), 0);
    }

    @Test
    void gradWithRespectToAnIntermediateTensor() {
        Tensor x = variable(1.0, 2.0);
        Tensor h = x.mul(3);
        Tensor y = h.square().sum();
        List<Tensor> g = Autograd.grad(y, List.of(h, x), false);
        assertValues(new double[] {6, 12}, g.get(0), 1e-12);
        assertValues(new double[] {18, 36}, g.get(1), 1e-12);
    }

    @Test
    void gradOfSeveralOutputsSumsTheirContributions() {
        Tensor x = variable(1.0, 2.0);
        List<Tensor> g = Autograd.grad(List.of(x.square().sum(), x.mul(5).sum()), List.of(x), false);
        assertValues(new double[] {7, 9}, g.get(0), 1e-12);
    }

    @Test
    void gradOfAnInputThatDoesNotRequireGradIsAnError() {
        Tensor x = Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(1.0));
        Tensor w = variable(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(x.mul(w).sum(), List.of(x), false));
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    // ------------------------------------------------------------------ gradOutput checks

    @Test
    void backwardOfANonScalarNeedsAGradOutputOfItsShape() {
        Tensor x = Tensor.ones(D, 2, 3).requiresGrad(true);
        Tensor y = x.mul(2);
        IllegalArgumentException noGrad = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(noGrad.getMessage().contains("[2, 3]") && noGrad.getMessage().contains("one element"),
                noGrad.getMessage());
        IllegalArgumentException wrongShape = assertThrows(IllegalArgumentException.class,
                () -> y.backward(Tensor.ones(D, 3, 2)));
        assertTrue(wrongShape.getMessage().contains("[3, 2]") && wrongShape.getMessage().contains("[2, 3]"),
                wrongShape.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> y.backward(Tensor.ones(DataType.FLOAT, 2, 3)));
        assertTrue(wrongType.getMessage().contains("FLOAT") && wrongType.getMessage().contains("DOUBLE"),
                wrongType.getMessage());
        y.backward(Tensor.ones(D, 2, 3).mul(0.5));
        assertValues(new double[] {1, 1, 1, 1, 1, 1}, x.grad(), 0);
    }

    @Test
    void backwardOfATensorThatDoesNotRequireGradIsAnError() {
        Tensor y = Tensor.ones(D, 2).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void floatIsTheDefaultAndGradientsKeepTheDtype() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        assertEquals(DataType.FLOAT, x.dtype());
        x.square().mean().backward();
        assertEquals(DataType.FLOAT, x.grad().dtype());
        assertValues(new double[] {1, 2}, x.grad(), 1e-6);
    }

    @Test
    void aGradientSetByHandIsAddedToWithoutChangingTheCallersTensor() {
        Tensor x = variable(1.0, 2.0);
        Tensor given = Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(10.0, 20.0));
        x.setGrad(given);
        assertSame(given, x.grad());
        x.mul(3.0).sum().backward();
        assertValues(new double[] {13, 23}, x.grad(), 0);
        assertValues(new double[] {10, 20}, given, 0);
        x.setGrad(null);
        assertNull(x.grad());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.setGrad(Tensor.zeros(D, 3)));
        assertTrue(e.getMessage().contains("setGrad"), e.getMessage());
    }
}
