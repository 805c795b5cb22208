package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The formulas of the lecture notes in {@code seeds/}, computed by the engine and compared with the
 * closed forms the notes derive. The notes write examples as columns ({@code dW = (1/m) dZ·Aᵀ}); ndgrad
 * is row-major ({@code [batch, features]}), where the same formula reads {@code dW = (1/m) dZᵀ·A} for a
 * weight of shape {@code [out, in]} and {@code z = a·Wᵀ + b}.
 */
class SeedFormulaTest {

    private static final DataType D = DataType.DOUBLE;

    private static Tensor variable(double... values) {
        return Tensor.of(Nd4j.createFromArray(values)).requiresGrad(true);
    }

    /** The chain-rule example: z = y₁² + y₂², y₁ = x₁ + x₂², y₂ = x₂ + x₃². */
    @Test
    void chainRuleExample() {
        double x1 = 1.0;
        double x2 = 2.0;
        double x3 = 3.0;
        Tensor t1 = Tensor.scalar(D, x1).requiresGrad(true);
        Tensor t2 = Tensor.scalar(D, x2).requiresGrad(true);
        Tensor t3 = Tensor.scalar(D, x3).requiresGrad(true);
        Tensor y1 = t1.add(t2.square());
        Tensor y2 = t2.add(t3.square());
        Tensor z = y1.square().add(y2.square());
        z.backward();
        double v1 = x1 + x2 * x2;   // 5
        double v2 = x2 + x3 * x3;   // 11
        // ∇z = [2y₁, 4y₁x₂ + 2y₂, 4y₂x₃]
        assertEquals(2 * v1, t1.grad().item(), 1e-12);
        assertEquals(4 * v1 * x2 + 2 * v2, t2.grad().item(), 1e-12);
        assertEquals(4 * v2 * x3, t3.grad().item(), 1e-12);
        assertEquals(10.0, t1.grad().item(), 0);
        assertEquals(62.0, t2.grad().item(), 0);
        assertEquals(132.0, t3.grad().item(), 0);
    }

    @Test
    void chainRuleExampleInVectorForm() {
        Tensor x = variable(1.0, 2.0, 3.0);
        Tensor y1 = x.slice(0, 0, 1).add(x.slice(0, 1, 2).square());
        Tensor y2 = x.slice(0, 1, 2).add(x.slice(0, 2, 3).square());
        y1.square().add(y2.square()).sum().backward();
        assertArrayEquals(new double[] {10, 62, 132}, x.grad().toDoubleArray(), 1e-12);
    }

    /** σ'(z) = a(1 − a): ¼ at z = 0, ≈ 0 at z = ±10. */
    @Test
    void sigmoidDerivativeIsAOneMinusA() {
        double[] z = {0, 10, -10, 0.5};
        Tensor t = variable(z);
        t.sigmoid().sum().backward();
        for (int i = 0; i < z.length; i++) {
            double a = 1 / (1 + Math.exp(-z[i]));
            assertEquals(a * (1 - a), t.grad().toDoubleArray()[i], 1e-15, "z = " + z[i]);
        }
        assertEquals(0.25, t.grad().toDoubleArray()[0], 0);
        assertEquals(4.5395807735951673e-05, t.grad().toDoubleArray()[1], 1e-15);
        assertEquals(t.grad().toDoubleArray()[1], t.grad().toDoubleArray()[2], 1e-15, "σ' is even");
    }

    /** tanh'(z) = 1 − a²: 1 at z = 0, ≈ 0 at z = ±10. */
    @Test
    void tanhDerivativeIsOneMinusASquared() {
        double[] z = {0, 10, -10, 0.7};
        Tensor t = variable(z);
        t.tanh().sum().backward();
        for (int i = 0; i < z.length; i++) {
            double a = Math.tanh(z[i]);
            assertEquals(1 - a * a, t.grad().toDoubleArray()[i], 1e-15, "z = " + z[i]);
        }
        assertEquals(1.0, t.grad().toDoubleArray()[0], 0);
        assertTrue(t.grad().toDoubleArray()[1] < 1e-8);
    }

    /** ReLU: g'(z) = 0 for z &lt; 0, 1 for z &gt; 0; at z = 0 ndgrad takes 0 (as PyTorch; the notes allow either). */
    @Test
    void reluAndLeakyReluDerivatives() {
        Tensor z = variable(-2.0, 0.0, 3.0);
        z.relu().sum().backward();
        assertArrayEquals(new double[] {0, 0, 1}, z.grad().toDoubleArray(), 0);
        Tensor w = variable(-2.0, 0.0, 3.0);
        w.leakyRelu(0.01).sum().backward();
        // g(z) = max(0.01z, z): g' = 0.01 for z < 0, 1 for z > 0, and the slope 0.01 at 0 (documented)
        assertArrayEquals(new double[] {0.01, 0.01, 1}, w.grad().toDoubleArray(), 1e-15);
    }

    /** Binary cross-entropy of a sigmoid: dL/dz = (−y/a + (1 − y)/(1 − a))·a(1 − a) = a − y. */
    @Test
    void sigmoidWithBinaryCrossEntropyGivesAMinusY() {
        double[] z = {-1.5, 0.0, 2.0, 0.3};
        double[] y = {0, 1, 1, 0};
        Tensor zt = variable(z);
        Tensor yt = Tensor.of(Nd4j.createFromArray(y));
        Tensor a = zt.sigmoid();
        Tensor loss = yt.mul(a.log()).add(yt.rsub(1).mul(a.rsub(1).log())).neg().sum();
        loss.backward();
        for (int i = 0; i < z.length; i++) {
            double av = 1 / (1 + Math.exp(-z[i]));
            assertEquals(av - y[i], zt.grad().toDoubleArray()[i], 1e-12, "example " + i);
        }
    }

    /**
     * One logistic layer on a batch of m examples, J = (1/m) Σ L(a⁽ⁱ⁾, y⁽ⁱ⁾): dZ = A − Y,
     * dW = (1/m) dZᵀ·X (the notes' (1/m) dZ·Xᵀ with examples as columns), db = mean of dZ over the batch.
     */
    @Test
    void layerGradientsAreDzTransposeTimesInputOverMAndTheMeanOfDz() {
        int m = 5;
        Tensor x = Tensor.randn(new Random(1), D, m, 3);
        Tensor w = Tensor.randn(new Random(2), D, 2, 3).requiresGrad(true);
        Tensor b = Tensor.randn(new Random(3), D, 2).requiresGrad(true);
        Tensor y = Tensor.of(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 0}, {1, 1}, {0, 1}, {1, 0}}));
        Tensor a = x.matmul(w, false, true).add(b).sigmoid();
        bce(a, y).sum().div(m).backward();

        INDArray dz = a.data().sub(y.data());
        assertClose(dz.transpose().mmul(x.data()).div(m), w.grad().data());
        assertClose(dz.mean(0), b.grad().data());
    }

    /**
     * The two-layer network of the notes (tanh hidden layer, sigmoid output): dZ² = A² − Y,
     * dW² = (1/m) dZ²ᵀ·A¹, db² = mean dZ², dZ¹ = (dZ²·W²) ⊙ (1 − (A¹)²), dW¹ = (1/m) dZ¹ᵀ·X, db¹ = mean dZ¹.
     */
    @Test
    void twoLayerBackpropagationMatchesTheNotes() {
        int m = 6;
        Tensor x = Tensor.randn(new Random(4), D, m, 3);
        Tensor w1 = Tensor.randn(new Random(5), D, 4, 3).requiresGrad(true);
        Tensor b1 = Tensor.randn(new Random(6), D, 4).requiresGrad(true);
        Tensor w2 = Tensor.randn(new Random(7), D, 1, 4).requiresGrad(true);
        Tensor b2 = Tensor.randn(new Random(8), D, 1).requiresGrad(true);
        Tensor y = Tensor.of(Nd4j.createFromArray(new double[][] {{1}, {0}, {0}, {1}, {1}, {0}}));
        Tensor a1 = x.matmul(w1, false, true).add(b1).tanh();
        Tensor a2 = a1.matmul(w2, false, true).add(b2).sigmoid();
        bce(a2, y).mean().backward();

        INDArray dz2 = a2.data().sub(y.data());
        INDArray dz1 = dz2.mmul(w2.data()).mul(a1.data().mul(a1.data()).rsub(1));
        assertClose(dz2.transpose().mmul(a1.data()).div(m), w2.grad().data());
        assertClose(dz2.mean(0), b2.grad().data());
        assertClose(dz1.transpose().mmul(x.data()).div(m), w1.grad().data());
        assertClose(dz1.mean(0), b1.grad().data());

        // and the notes' gradient check of the same cost: relative error below 1e-7 is "great"
        GradCheckResult r = GradCheck.check(p -> bce(x.matmul(p.get(0), false, true).add(p.get(1)).tanh()
                .matmul(p.get(2), false, true).add(p.get(3)).sigmoid(), y).mean(), List.of(w1, b1, w2, b2));
        assertTrue(r.passed() && r.relativeError() < 1e-7, r::toString);
    }

    /** −(y ln a + (1 − y) ln(1 − a)) elementwise. */
    private static Tensor bce(Tensor a, Tensor y) {
        return y.mul(a.log()).add(y.rsub(1).mul(a.rsub(1).log())).neg();
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertArrayEquals(expected.dup('c').data().asDouble(), actual.dup('c').data().asDouble(), 1e-12);
    }
}
