package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Jacobians, Hessians and their vector products, against closed forms and against each other. */
class FunctionalTest {

    private static final DataType D = DataType.DOUBLE;

    private static void assertClose(INDArray expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertArrayEquals(expected.dup('c').data().asDouble(), actual.toDoubleArray(), tolerance);
    }

    @Test
    void jacobianOfALinearMapIsItsMatrix() {
        Tensor a = Tensor.randn(new Random(1), D, 2, 3);
        Tensor x = Tensor.randn(new Random(2), D, 3);
        Tensor j = Functional.jacobian(v -> a.matmul(v.reshape(3, 1)).reshape(2), x);
        assertClose(a.data(), j, 1e-14);
        assertFalse(j.requiresGrad());
    }

    @Test
    void jacobianHasTheOutputShapeFollowedByTheInputShape() {
        // f(x) = x · Σx (x of shape [2, 2]): ∂f_ij/∂x_kl = δ_ik δ_jl Σx + x_ij
        Tensor x = Tensor.of(Nd4j.createFromArray(new double[][] {{1, 2}, {3, -4}}));
        Tensor j = Functional.jacobian(v -> v.mul(v.sum()), x);
        assertArrayEquals(new long[] {2, 2, 2, 2}, j.shape());
        double sum = 2;
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 2; k++) {
                for (int l = 0; l < 2; l++) {
                    for (int m = 0; m < 2; m++) {
                        double expected = (i == l && k == m ? sum : 0) + x.data().getDouble(i, k);
                        assertEquals(expected, j.data().getDouble(i, k, l, m), 1e-14);
                    }
                }
            }
        }
    }

    @Test
    void jacobianOfElementwiseExpIsDiagonal() {
        Tensor x = Tensor.of(Nd4j.createFromArray(0.5, -1.0, 2.0));
        Tensor j = Functional.jacobian(Tensor::exp, x);
        assertClose(Nd4j.diag(org.nd4j.linalg.ops.transforms.Transforms.exp(x.data(), true)), j, 1e-14);
    }

    @Test
    void hessianOfAQuadraticFormIsAPlusATranspose() {
        Tensor a = Tensor.randn(new Random(3), D, 3, 3);
        Tensor x = Tensor.randn(new Random(4), D, 3);
        Tensor h = Functional.hessian(v -> v.reshape(1, 3).matmul(a).matmul(v.reshape(3, 1)).sum(), x);
        assertClose(a.data().add(a.data().transpose()), h, 1e-13);
    }

    @Test
    void hessianOfASmoothFunctionMatchesTheClosedForm() {
        // f(x) = Σ exp(x_i)·x_j over all i, j = (Σ eˣ)(Σ x): H_ij = δ_ij eˣⁱ Σx + eˣⁱ + eˣʲ
        double[] v = {0.1, -0.4, 0.7};
        Tensor x = Tensor.of(Nd4j.createFromArray(v));
        Tensor h = Functional.hessian(t -> t.exp().sum().mul(t.sum()), x);
        double sum = 0.1 - 0.4 + 0.7;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double expected = (i == j ? Math.exp(v[i]) * sum : 0) + Math.exp(v[i]) + Math.exp(v[j]);
                assertEquals(expected, h.data().getDouble(i, j), 1e-13);
            }
        }
    }

    @Test
    void jacobianOfSeveralInputsHasOneBlockPerInput() {
        // f(W, x) = W·x + sin(x₀..₁) for W [2, 3], x [3]: ∂fᵢ/∂W_jk = δᵢⱼ x_k, ∂fᵢ/∂x_k = W_ik + δᵢₖ cos xᵢ
        Tensor w = Tensor.randn(new Random(21), D, 2, 3);
        Tensor x = Tensor.randn(new Random(22), D, 3);
        List<Tensor> blocks = Functional.jacobian(in -> in.get(0).matmul(in.get(1)).add(in.get(1).slice(0, 0, 2).sin()),
                List.of(w, x));
        assertEquals(2, blocks.size());
        assertArrayEquals(new long[] {2, 2, 3}, blocks.get(0).shape());
        assertArrayEquals(new long[] {2, 3}, blocks.get(1).shape());
        double[] xs = x.toDoubleArray();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(i == j ? xs[k] : 0, blocks.get(0).get(i, j, k).item(), 1e-15);
                }
            }
            for (int k = 0; k < 3; k++) {
                double expected = w.get(i, k).item() + (i == k ? Math.cos(xs[i]) : 0);
                assertEquals(expected, blocks.get(1).get(i, k).item(), 1e-15);
            }
        }
    }

    @Test
    void hessianOfSeveralInputsHasTheFourBlocks() {
        // f(x, y) = xᵀ·A·y + Σ x³ for x [2], y [3]: H_xx = diag(6x), H_xy = A, H_yx = Aᵀ, H_yy = 0
        Tensor a = Tensor.randn(new Random(23), D, 2, 3);
        Tensor x = Tensor.randn(new Random(24), D, 2);
        Tensor y = Tensor.randn(new Random(25), D, 3);
        List<List<Tensor>> h = Functional.hessian(in -> in.get(0).matmul(a).matmul(in.get(1)).add(in.get(0).pow(3).sum()),
                List.of(x, y));
        double[] xs = x.toDoubleArray();
        assertClose(Nd4j.diag(Nd4j.createFromArray(6 * xs[0], 6 * xs[1])), h.get(0).get(0), 1e-14);
        assertClose(a.data(), h.get(0).get(1), 1e-14);
        assertClose(a.data().transpose(), h.get(1).get(0), 1e-14);
        assertClose(Nd4j.zeros(D, 3, 3), h.get(1).get(1), 0);
    }

    @Test
    void hessianOfAScalarFunctionOfAMatrixAndAVector() {
        // f(W, b) = ½‖W·u + b‖² for a fixed u: H_WW[i,j,k,l] = δᵢₖ u_j u_l, H_Wb[i,j,k] = δᵢₖ u_j, H_bb = I
        Tensor u = Tensor.of(Nd4j.createFromArray(0.5, -2.0, 1.5));
        Tensor w = Tensor.randn(new Random(26), D, 2, 3);
        Tensor b = Tensor.randn(new Random(27), D, 2);
        List<List<Tensor>> h = Functional.hessian(in -> in.get(0).matmul(u).add(in.get(1)).square().sum().mul(0.5),
                List.of(w, b));
        assertArrayEquals(new long[] {2, 3, 2, 3}, h.get(0).get(0).shape());
        assertArrayEquals(new long[] {2, 3, 2}, h.get(0).get(1).shape());
        double[] us = u.toDoubleArray();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 3; l++) {
                        assertEquals(i == k ? us[j] * us[l] : 0, h.get(0).get(0).get(i, j, k, l).item(), 1e-14);
                    }
                    assertEquals(i == k ? us[j] : 0, h.get(0).get(1).get(i, j, k).item(), 1e-14);
                }
            }
        }
        assertClose(Nd4j.eye(2).castTo(D), h.get(1).get(1), 1e-14);
    }

    @Test
    void hessianThroughACastToFloatAndBack() {
        // the property suite cannot check second order through to(): FLOAT rounding swamps the central difference
        Tensor x = Tensor.of(Nd4j.createFromArray(0.5, -1.25, 2.0));
        Tensor h = Functional.hessian(t -> t.to(DataType.FLOAT).square().sum().to(D), x);
        assertClose(Nd4j.eye(3).castTo(D).mul(2), h, 0);
    }

    @Test
    void hvpEqualsTheHessianTimesTheVector() {
        java.util.function.Function<Tensor, Tensor> f = t -> t.tanh().sum().square().add(t.pow(3).sum());
        Tensor x = Tensor.uniform(new Random(5), D, -1, 1, 4);
        Tensor v = Tensor.randn(new Random(6), D, 4);
        Tensor h = Functional.hessian(f, x);
        Tensor hv = Functional.hvp(in -> f.apply(in.get(0)), List.of(x), List.of(v)).get(0);
        assertClose(h.data().mmul(v.data().reshape(4, 1)).reshape(4), hv, 1e-12);
        assertFalse(hv.requiresGrad());
    }

    @Test
    void hvpOfSeveralInputsIsTheJointHessianTimesTheJointVector() {
        // f(x, y) = Σ tanh(x)·(y·y)ᵀ… as a function of z = [x; y], compared blockwise with hessian(z)
        java.util.function.Function<List<Tensor>, Tensor> f =
                in -> in.get(0).tanh().reshape(3, 1).matmul(in.get(1).square().reshape(1, 2)).sum()
                        .add(in.get(0).mul(in.get(0).sum()).sum());
        Tensor z = Tensor.uniform(new Random(9), D, -1, 1, 5);
        Tensor h = Functional.hessian(t -> f.apply(List.of(t.slice(0, 0, 3), t.slice(0, 3, 5))), z);
        Tensor x = z.slice(0, 0, 3);
        Tensor y = z.slice(0, 3, 5);
        Tensor vx = Tensor.randn(new Random(10), D, 3);
        Tensor vy = Tensor.randn(new Random(11), D, 2);
        List<Tensor> hv = Functional.hvp(f, List.of(x, y), List.of(vx, vy));
        INDArray joint = h.data().mmul(Nd4j.concat(0, vx.data(), vy.data()).reshape(5, 1)).reshape(5);
        assertClose(joint.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)), hv.get(0), 1e-12);
        assertClose(joint.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5)), hv.get(1), 1e-12);
    }

    @Test
    void vjpAndJvpAgreeWithTheJacobian() {
        java.util.function.Function<Tensor, Tensor> f = t -> t.reshape(2, 3).softmax(1).mul(t.reshape(2, 3).sum(0,
                true)).tanh();
        Tensor x = Tensor.uniform(new Random(12), D, -1, 1, 6);
        Tensor j = Functional.jacobian(f, x);                 // [2, 3, 6]
        INDArray jm = j.data().reshape(6, 6);
        Tensor v = Tensor.randn(new Random(13), D, 2, 3);
        Tensor u = Tensor.randn(new Random(14), D, 6);
        Tensor vjp = Functional.vjp(f, x, v);
        Tensor jvp = Functional.jvp(f, x, u);
        assertClose(v.data().reshape(1, 6).mmul(jm).reshape(6), vjp, 1e-13);
        assertClose(jm.mmul(u.data().reshape(6, 1)).reshape(2, 3), jvp, 1e-13);
    }

    @Test
    void functionalOpsLeaveTheirInputsAlone() {
        Tensor x = Tensor.of(Nd4j.createFromArray(1.0, 2.0)).requiresGrad(true);
        double[] before = x.toDoubleArray();
        Functional.hessian(t -> t.pow(3).sum(), x);
        Functional.jacobian(Tensor::exp, x);
        Functional.jvp(Tensor::exp, x, Tensor.ones(D, 2));
        assertArrayEquals(before, x.toDoubleArray(), 0);
        assertEquals(null, x.grad());
    }

    @Test
    void derivativesOfFunctionsThatIgnoreTheirInputAreZero() {
        Tensor x = Tensor.of(Nd4j.createFromArray(1.0, 2.0));
        Tensor c = Tensor.ones(D, 3);
        assertClose(Nd4j.zeros(D, 3, 2), Functional.jacobian(t -> c, x), 0);
        assertClose(Nd4j.zeros(D, 2, 2), Functional.hessian(t -> t.sum(), x), 0);
        assertClose(Nd4j.zeros(D, 3), Functional.jvp(t -> c, x, Tensor.ones(D, 2)), 0);
        assertClose(Nd4j.zeros(D, 2), Functional.vjp(t -> c, x, Tensor.ones(D, 3)), 0);
    }

    @Test
    void hessianAndHvpOfAFunctionThatDoesNotDependOnItsInputAreZero() {
        // v ↦ Σ where(v > 0, w, −w): piecewise constant, so no graph reaches v (PyTorch's hessian gives zeros)
        Tensor w = Tensor.of(Nd4j.createFromArray(0.5, -2.0, 3.0));
        Tensor v = Tensor.of(Nd4j.createFromArray(1.0, -1.0, 2.0));
        java.util.function.Function<Tensor, Tensor> f = t -> Tensor.where(t.gt(0), w, w.neg()).sum();
        assertClose(Nd4j.zeros(D, 3, 3), Functional.hessian(f, v), 0);
        List<Tensor> hv = Functional.hvp(in -> f.apply(in.get(0)), List.of(v), List.of(Tensor.ones(D, 3)));
        assertClose(Nd4j.zeros(D, 3), hv.get(0), 0);
        // and one that depends on one input only: that input's blocks are zeros, the other's the true Hessian
        List<List<Tensor>> h = Functional.hessian(in -> f.apply(in.get(0)).add(in.get(1).square().sum()),
                List.of(v, Tensor.of(Nd4j.createFromArray(1.0, 2.0))));
        assertClose(Nd4j.zeros(D, 3, 3), h.get(0).get(0), 0);
        assertClose(Nd4j.zeros(D, 3, 2), h.get(0).get(1), 0);
        assertClose(Nd4j.createFromArray(new double[][] {{2, 0}, {0, 2}}), h.get(1).get(1), 0);
    }
}
