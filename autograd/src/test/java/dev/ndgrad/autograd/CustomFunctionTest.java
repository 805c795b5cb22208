package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** User-defined ops through {@link Function} and {@link Context}: checked, and guarded against second-order misuse. */
class CustomFunctionTest {

    private static final DataType D = DataType.DOUBLE;

    /** swish(x) = x·σ(x);  d/dx = σ(x) + x·σ(x)(1 − σ(x)), written in Tensor ops. */
    static final class Swish extends Function {
        @Override
        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].data().mul(Transforms.sigmoid(in[0].data(), true));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor x = ctx.saved(0);
            Tensor s = x.sigmoid();
            return new Tensor[] {grad.mul(s.add(x.mul(s).mul(s.rsub(1))))};
        }
    }

    /** Swish with a bug in its backward at one element: the gradient of element [1, 2] is dropped. */
    static final class SwishWrongAtOneElement extends Function {
        @Override
        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].data().mul(Transforms.sigmoid(in[0].data(), true));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor x = ctx.saved(0);
            Tensor s = x.sigmoid();
            Tensor mask = Tensor.ones(D, x.shape());
            mask.data().putScalar(new long[] {1, 2}, 0);
            return new Tensor[] {grad.mul(s.add(x.mul(s).mul(s.rsub(1)))).mul(mask)};
        }
    }

    /** σ with its backward on raw arrays: right to first order, not differentiable again. */
    static final class RawSigmoid extends Function {
        @Override
        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveOutputForBackward();
            return Transforms.sigmoid(in[0].data(), true);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            INDArray y = ctx.output().data();
            return new Tensor[] {Tensor.of(grad.data().mul(y.mul(y.rsub(1))))};
        }
    }

    /** σ whose local derivative is raw but multiplied with grad in a Tensor op: connected through grad only. */
    static final class RawDerivativeSigmoid extends Function {
        @Override
        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return Transforms.sigmoid(in[0].data(), true);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            INDArray s = Transforms.sigmoid(ctx.saved(0).data(), true);
            return new Tensor[] {grad.mul(Tensor.of(s.mul(s.rsub(1))))};
        }
    }

    /** Swish in Tensor ops, but declared not differentiable again. */
    static final class DeclaredFirstOrderSwish extends Function {
        private final Swish swish = new Swish();

        @Override
        protected INDArray forward(Context ctx, Tensor... in) {
            return swish.forward(ctx, in);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return swish.backward(ctx, grad);
        }

        @Override
        protected boolean isBackwardDifferentiable() {
            return false;
        }
    }

    /** y = a + 2b with NumPy broadcasting; its backward returns gradients of the output's shape. */
    static final class AddTwice extends Function {
        @Override
        protected INDArray forward(Context ctx, Tensor... in) {
            return in[0].add(in[1].mul(2)).data();
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {ctx.needsInputGrad(0) ? grad : null, ctx.needsInputGrad(1) ? grad.mul(2) : null};
        }
    }

    private static Tensor input(long... shape) {
        return Tensor.uniform(new Random(7), D, -2, 2, shape).named("x");
    }

    // ------------------------------------------------------------------ a correct custom op

    @Test
    void swishWrittenInTensorOpsPassesFirstAndSecondOrderChecks() {
        Tensor x = input(3, 4);
        GradCheckResult first = GradCheck.check(in -> new Swish().apply(in.get(0)), List.of(x));
        assertTrue(first.passed(), first::toString);
        assertTrue(first.relativeError() < 1e-7, first::toString);
        GradCheckResult second = GradCheck.checkSecondOrder(in -> new Swish().apply(in.get(0)), List.of(x));
        assertTrue(second.passed(), second::toString);
        GradCheckResult inAComposite = GradCheck.checkSecondOrder(
                in -> new Swish().apply(in.get(0).mul(in.get(1))).square().sum(), List.of(x, input(4)));
        assertTrue(inAComposite.passed(), inAComposite::toString);
    }

    @Test
    void swishAgreesWithTheSameCompositionOfBuiltInOps() {
        Tensor x = input(5).requiresGrad(true);
        Tensor custom = new Swish().apply(x);
        assertEquals("Swish", custom.producer());
        custom.sum().backward();
        double[] customGrad = x.grad().toDoubleArray();
        x.zeroGrad();
        Tensor composite = x.mul(x.sigmoid());
        composite.sum().backward();
        assertArrayEquals(composite.toDoubleArray(), custom.toDoubleArray(), 1e-15);
        assertArrayEquals(x.grad().toDoubleArray(), customGrad, 1e-15);
    }

    @Test
    void contextReportsInputsAndTheEngineReducesBroadcastGradients() {
        Tensor a = input(2, 3);
        Tensor b = Tensor.uniform(new Random(8), D, -1, 1, 3).named("b");
        GradCheckResult r = GradCheck.check(in -> new AddTwice().apply(in.get(0), in.get(1)), List.of(a, b));
        assertTrue(r.passed(), r::toString);
        Tensor constant = Tensor.ones(D, 3);
        Tensor variable = Tensor.ones(D, 2, 3).requiresGrad(true);
        new AddTwice().apply(variable, constant).sum().backward();
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, variable.grad().toDoubleArray(), 0);
    }

    // ------------------------------------------------------------------ a wrong custom op

    @Test
    void aWrongBackwardIsCaughtAndTheReportPointsAtTheElement() {
        Tensor x = input(3, 4);
        GradCheckResult r = GradCheck.check(in -> new SwishWrongAtOneElement().apply(in.get(0)), List.of(x));
        assertFalse(r.passed(), r::toString);
        GradCheckResult.Element worst = r.worstElements().get(0);
        assertArrayEquals(new long[] {1, 2}, worst.index(), r::toString);
        assertEquals("x", worst.inputName());
        assertEquals(0.0, worst.analytic(), 0);
        assertTrue(Math.abs(worst.numeric()) > 1e-3, r::toString);
        String report = r.toString();
        assertTrue(report.contains("'x' [1, 2]"), report);
        assertTrue(report.contains("SwishWrongAtOneElement"), report);
        assertTrue(report.contains("FAILED"), report);
        // only that element is wrong
        assertTrue(r.worstElements().get(1).absoluteError() < 1e-8, report);
    }

    // ------------------------------------------------------------------ custom ops not differentiable again

    @Test
    void aRawBackwardIsRightToFirstOrder() {
        GradCheckResult r = GradCheck.check(in -> new RawSigmoid().apply(in.get(0)), List.of(input(2, 3)));
        assertTrue(r.passed(), r::toString);
        GradCheckResult s = GradCheck.check(in -> new RawDerivativeSigmoid().apply(in.get(0)).square(),
                List.of(input(2, 3)));
        assertTrue(s.passed(), s::toString);
    }

    @Test
    void aRawBackwardFailsClearlyOnSecondOrderCheck() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradCheck.checkSecondOrder(in -> new RawSigmoid().apply(in.get(0)), List.of(input(2, 3))));
        assertNamesTheOp(e, "RawSigmoid");
    }

    @Test
    void aRawBackwardFailsClearlyOnCreateGraph() {
        Tensor x = input(2, 3).requiresGrad(true);
        Tensor g = Autograd.grad(new RawSigmoid().apply(x).sum(), List.of(x), true).get(0);
        assertArrayEquals(x.sigmoid().mul(x.sigmoid().rsub(1)).toDoubleArray(), g.toDoubleArray(), 1e-15,
                "the first-order gradient is still right");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Autograd.grad(g.sum(), List.of(x), false));
        assertNamesTheOp(e, "RawSigmoid");
        Tensor y = input(3).requiresGrad(true);
        new RawSigmoid().apply(y).sum().backward(null, false, true);
        assertThrows(IllegalStateException.class, () -> y.grad().sum().backward());
    }

    @Test
    void aRawLocalDerivativeConnectedOnlyThroughGradFailsInsteadOfMissingATerm() {
        // L = Σ σ(x)²: the first backward hands σ a grad = 2σ(x) that requires grad, so grad.mul(raw) requires
        // grad too; differentiating it again would silently drop the σ'' term
        java.util.function.Function<List<Tensor>, Tensor> f =
                in -> new RawDerivativeSigmoid().apply(in.get(0)).square().sum();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradCheck.checkSecondOrder(f, List.of(input(2, 3))));
        assertNamesTheOp(e, "RawDerivativeSigmoid");
        Tensor x = input(4).requiresGrad(true);
        Tensor g = Autograd.grad(f.apply(List.of(x)), List.of(x), true).get(0);
        assertThrows(IllegalStateException.class, () -> Autograd.grad(g.sum(), List.of(x), false));
    }

    @Test
    void anOpDeclaredNotDifferentiableAgainFailsOnSecondOrderUse() {
        assertTrue(GradCheck.check(in -> new DeclaredFirstOrderSwish().apply(in.get(0)), List.of(input(3))).passed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GradCheck.checkSecondOrder(
                in -> new DeclaredFirstOrderSwish().apply(in.get(0)), List.of(input(3))));
        assertNamesTheOp(e, "DeclaredFirstOrderSwish");
    }

    private static void assertNamesTheOp(IllegalStateException e, String op) {
        assertTrue(e.getMessage().contains(op), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be differentiated again"), e.getMessage());
    }

    // ------------------------------------------------------------------ contract violations

    @Test
    void aBackwardReturningTheWrongNumberOfGradientsIsAClearError() {
        Function broken = new Function("Broken") {
            @Override
            protected INDArray forward(Context ctx, Tensor... in) {
                return in[0].data().add(in[1].data());
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor grad) {
                return new Tensor[] {grad};
            }
        };
        Tensor a = Tensor.ones(D, 2).requiresGrad(true);
        Tensor y = broken.apply(a, Tensor.ones(D, 2)).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("Broken") && e.getMessage().contains("1 gradients for 2 inputs"),
                e.getMessage());
    }

    @Test
    void aBackwardReturningAGradientOfTheWrongShapeIsAClearError() {
        Function broken = new Function("WrongShape") {
            @Override
            protected INDArray forward(Context ctx, Tensor... in) {
                return in[0].data().dup();
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor grad) {
                return new Tensor[] {Tensor.ones(D, 5)};
            }
        };
        Tensor y = broken.apply(Tensor.ones(D, 2, 3).requiresGrad(true)).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("WrongShape") && e.getMessage().contains("[5]")
                && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void aForwardReturningNullIsAClearError() {
        Function broken = new Function("NullForward") {
            @Override
            protected INDArray forward(Context ctx, Tensor... in) {
                return null;
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor grad) {
                return new Tensor[] {grad};
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> broken.apply(Tensor.ones(D, 2)));
        assertTrue(e.getMessage().contains("NullForward"), e.getMessage());
    }
}
