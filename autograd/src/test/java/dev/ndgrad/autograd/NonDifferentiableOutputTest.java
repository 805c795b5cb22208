package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.kernel.Kernels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Outputs that have no gradient: integer and boolean results of built-in ops and of custom {@link Function}s never
 * require grad (their backward is never called), and {@link Context#markOutputNonDifferentiable()} makes a floating
 * output a constant too, as PyTorch's {@code ctx.mark_non_differentiable}.
 */
class NonDifferentiableOutputTest {

    private static final DataType D = DataType.DOUBLE;

    private static Tensor x() {
        return Tensor.of(Kernels.fromDoubles(D, new double[] {0.5, -1, 2, 3, -0.25, 1}, 2, 3)).requiresGrad(true);
    }

    @Test
    void integerResultsOfBuiltInOpsAreConstants() {
        Tensor x = x();
        Tensor argmax = x.argmax(1);
        assertEquals(DataType.LONG, argmax.dtype());
        assertArrayEquals(new double[] {2, 0}, argmax.toDoubleArray(), 0);
        for (Tensor t : List.of(argmax, x.to(DataType.INT), x.to(DataType.LONG), x.to(DataType.BOOL))) {
            assertFalse(t.requiresGrad(), t::describe);
            assertTrue(t.isLeaf(), t::describe);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.requiresGrad(true));
            assertTrue(e.getMessage().contains("only floating-point tensors can require grad"), e.getMessage());
        }
        // comparison masks are floating 0/1 values, and constants all the same
        for (Tensor mask : List.of(x.gt(0.0), x.eq(x), x.sign())) {
            assertFalse(mask.requiresGrad(), mask::describe);
        }
    }

    /** A custom op whose forward returns {@code x > 0} in {@code dtype}; its backward must never run. */
    static final class Positive extends Function {
        private final DataType dtype;

        Positive(DataType dtype) {
            super("positive");
            this.dtype = dtype;
        }

        @Override
        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].data().gt(0).castTo(dtype);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            throw new AssertionError("the backward of an op with an integer or boolean output ran");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"BOOL", "INT", "LONG", "SHORT", "BYTE", "UBYTE"})
    void integerAndBooleanOutputsOfACustomOpNeverRequireGrad(DataType dtype) {
        Tensor x = x();
        Tensor y = new Positive(dtype).apply(x);
        assertEquals(dtype, y.dtype());
        assertFalse(y.requiresGrad(), y::describe);
        assertTrue(y.isLeaf(), "no graph node is recorded for it");
        assertArrayEquals(new double[] {1, 0, 1, 1, 0, 1}, y.toDoubleArray(), 0);
        // it can still gate a differentiable path, as a constant
        Tensor loss = x.mul(y.to(D)).sum();
        loss.backward();
        assertArrayEquals(new double[] {1, 0, 1, 1, 0, 1}, x.grad().toDoubleArray(), 0);
    }

    /** y = round(x) as a floating output marked non-differentiable (its true derivative is 0 almost everywhere). */
    static final class MarkedRound extends Function {
        boolean backwardRan;

        MarkedRound() {
            super("markedRound");
        }

        @Override
        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.markOutputNonDifferentiable();
            return org.nd4j.linalg.ops.transforms.Transforms.round(in[0].data(), true);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            backwardRan = true;
            return new Tensor[] {grad};
        }
    }

    @Test
    void aFloatingOutputMarkedNonDifferentiableIsAConstant() {
        Tensor x = x();
        MarkedRound round = new MarkedRound();
        Tensor r = round.apply(x);
        assertEquals(D, r.dtype());
        assertFalse(r.requiresGrad());
        assertTrue(r.isLeaf());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.sum().backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
        // beside a differentiable path it adds nothing to the gradient
        x.mul(2.0).add(round.apply(x)).sum().backward();
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, x.grad().toDoubleArray(), 0);
        assertFalse(round.backwardRan, "backward is never called for a non-differentiable output");
        List<Tensor> g = Autograd.grad(List.of(x.mul(3.0).add(round.apply(x)).sum()), List.of(x), true);
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3}, g.get(0).toDoubleArray(), 0);
        assertFalse(round.backwardRan);
    }

    @Test
    void anUnmarkedFloatingOutputOfTheSameOpIsRecorded() {
        Function unmarked = new Function("round") {
            @Override
            protected INDArray forward(Context ctx, Tensor... in) {
                return org.nd4j.linalg.ops.transforms.Transforms.round(in[0].data(), true);
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor grad) {
                return new Tensor[] {grad.mul(0.0)};
            }
        };
        Tensor y = unmarked.apply(x());
        assertTrue(y.requiresGrad(), "a floating output requires grad unless marked");
        assertEquals("round", y.producer());
    }
}
