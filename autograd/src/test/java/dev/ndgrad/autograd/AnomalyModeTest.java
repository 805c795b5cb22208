package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.kernel.Kernels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Autograd#detectAnomaly()}: the first op that creates a NaN or an infinity, in the forward pass or in a
 * gradient, stops the computation with an error naming the op, the input whose gradient went bad, and the line
 * of this file where the op was applied; a non-finite value that was already in an op's input (an intended −∞
 * mask) passes. The lines are found by {@link #nextLine()}, so that the tests do not pin line numbers.
 */
class AnomalyModeTest {

    private static final DataType D = DataType.DOUBLE;

    private static Tensor leaf(double... values) {
        return Tensor.of(Kernels.fromDoubles(D, values, values.length)).requiresGrad(true);
    }

    /** "AnomalyModeTest.java:N" for the line after the call. */
    private static String nextLine() {
        return "AnomalyModeTest.java:" + (new Throwable().getStackTrace()[1].getLineNumber() + 1);
    }

    @Test
    void aLogOfZeroInTheForwardPassNamesTheOpAndTheUsersLine() {
        Tensor x = leaf(1, 0, 2);
        try (var anomaly = Autograd.detectAnomaly()) {
            String line = nextLine();
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> x.log());
            assertTrue(e.getMessage().startsWith("log produced -Infinity (at element 1 of"), e.getMessage());
            assertTrue(e.getMessage().contains("from finite inputs DOUBLE[3]"), e.getMessage());
            assertTrue(e.getMessage().contains(line), () -> "should name " + line + ": " + e.getMessage());
            assertTrue(e instanceof AnomalyException, e.getClass().getName());
        }
    }

    @Test
    void aNanGradientInTheBackwardPassNamesTheOpWhichInputsGradientAndTheForwardLine() {
        // (−1)^b is finite for an integer b, but its exponent gradient y·ln(−1) is NaN: the base is fine, the
        // exponent's gradient (input 1) is not
        Tensor a = leaf(-1, 2);
        Tensor b = leaf(2, 3);
        try (var anomaly = Autograd.detectAnomaly()) {
            String line = nextLine();
            Tensor loss = a.pow(b).sum();
            AnomalyException e = assertThrows(AnomalyException.class, loss::backward);
            assertTrue(e.getMessage().startsWith("the backward of pow returned NaN (at element 0 of"), e.getMessage());
            assertTrue(e.getMessage().contains("in the gradient of its input 1 [2]"), e.getMessage());
            assertTrue(e.getMessage().contains("applied in the forward pass at"), e.getMessage());
            assertTrue(e.getMessage().contains(line), () -> "should name " + line + ": " + e.getMessage());
        }
    }

    @Test
    void anInfiniteGradientOfAFiniteForwardIsCaughtWhereItIsCreated() {
        // √x at 0 is 0, but its slope 1/(2√x) is infinite: sqrt's backward creates the infinity
        Tensor x = leaf(4, 0);
        try (var anomaly = Autograd.detectAnomaly()) {
            String line = nextLine();
            Tensor loss = x.sqrt().mul(3.0).sum();
            AnomalyException e = assertThrows(AnomalyException.class, loss::backward);
            assertTrue(e.getMessage().startsWith("the backward of sqrt returned Infinity (at element 1"), e.getMessage());
            assertTrue(e.getMessage().contains("its input 0 [2]"), e.getMessage());
            assertTrue(e.getMessage().contains(line), () -> "should name " + line + ": " + e.getMessage());
        }
    }

    @Test
    void aCustomOpWhoseBackwardReturnsNanIsNamed() {
        Function broken = new Function("brokenSquare") {
            @Override
            protected INDArray forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return in[0].data().mul(in[0].data());
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor grad) {
                return new Tensor[] {grad.mul(ctx.saved(0)).mul(Tensor.scalar(D, Double.NaN))};
            }
        };
        Tensor x = leaf(1, 2);
        try (var anomaly = Autograd.detectAnomaly()) {
            String line = nextLine();
            Tensor loss = broken.apply(x).sum();
            AnomalyException e = assertThrows(AnomalyException.class, loss::backward);
            assertTrue(e.getMessage().startsWith("the backward of brokenSquare returned NaN"), e.getMessage());
            assertTrue(e.getMessage().contains(line), () -> "should name " + line + ": " + e.getMessage());
        }
    }

    @Test
    void anIntendedMinusInfinityMaskPasses() {
        // attention-style masking: −∞ scores get probability 0, and the gradient stays finite
        Tensor scores = Tensor.of(Kernels.fromDoubles(D, new double[] {0.5, -1, 2, 0.1, 0.3, -0.7}, 2, 3))
                .requiresGrad(true);
        double inf = Double.NEGATIVE_INFINITY;
        Tensor mask = Tensor.of(Kernels.fromDoubles(D, new double[] {0, inf, 0, 0, 0, inf}, 2, 3));
        Tensor weights = Tensor.of(Kernels.fromDoubles(D, new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        double[] expected;
        {
            scores.softmax(1).add(scores.add(mask).softmax(1).mul(weights)).sum().backward();
            expected = scores.grad().toDoubleArray();
            scores.zeroGrad();
        }
        try (var anomaly = Autograd.detectAnomaly()) {
            Tensor masked = scores.add(mask);                                // −∞ from an input that held it
            Tensor p = masked.softmax(1);
            assertFalse(Double.isFinite(masked.toDoubleArray()[1]));
            scores.softmax(1).add(p.mul(weights)).sum().backward();
            Tensor where = Tensor.where(mask.eq(0.0), scores, Tensor.scalar(D, inf)).logSumExp(1, false);
            assertTrue(Double.isFinite(where.sum().item()));
        }
        assertArrayEquals(expected, scores.grad().toDoubleArray(), 0);
    }

    @Test
    void anomalyModeIsPerThreadAndEndsWithItsScope() throws Exception {
        Tensor x = leaf(0);
        try (var anomaly = Autograd.detectAnomaly()) {
            Thread other = new Thread(() -> x.log());   // no anomaly mode there: −∞ is a value like any other
            other.start();
            other.join();
            assertTrue(Autograd.isAnomalyEnabled());
        }
        assertFalse(Autograd.isAnomalyEnabled());
        assertFalse(Double.isFinite(x.log().item()));
        List<Tensor> g = Autograd.grad(x.sqrt().sum(), List.of(x), false);
        assertFalse(Double.isFinite(g.get(0).item()));
    }
}
