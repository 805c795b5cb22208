package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The seeds' L2 penalty and the L1 penalty: values, gradients, and which parameters they cover. */
class RegularizationTest {

    private static final Tensor W1 = Tensor.of(Nd4j.create(new double[][] {{1, -2}, {3, 0}}));
    private static final Tensor W2 = Tensor.of(Nd4j.create(new double[][] {{-1}, {0.5}}));

    @Test
    void l2IsLambdaOverTwoMTimesTheSquaredFrobeniusNorms() {
        // ‖W1‖²_F = 1 + 4 + 9 = 14, ‖W2‖²_F = 1.25; λ = 0.6, m = 3 → 0.1·15.25
        assertEquals(0.1 * 15.25, Regularization.l2(List.of(W1, W2), 0.6, 3).item(), 1e-15);
        // |W1|₁ = 6, |W2|₁ = 1.5; λ/m = 0.2
        assertEquals(0.2 * 7.5, Regularization.l1(List.of(W1, W2), 0.6, 3).item(), 1e-15);
    }

    @Test
    void gradientsAreTheSeedsWeightDecayTerms() {
        Tensor w = W1.copy().requiresGrad(true);
        Regularization.l2(List.of(w), 0.6, 3).backward();
        // ∂/∂W (λ/2m)‖W‖² = (λ/m)·W
        assertArrayEquals(new double[] {0.2, -0.4, 0.6, 0}, w.grad().toDoubleArray(), 1e-15);
        w.zeroGrad();
        Regularization.l1(List.of(w), 0.6, 3).backward();
        assertArrayEquals(new double[] {0.2, -0.2, 0.2, 0}, w.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void modelPenaltiesCoverWeightsNotBiases() {
        Linear a = new Linear(3, 4, true, DataType.DOUBLE, 1L);
        Linear b = new Linear(4, 2, true, DataType.DOUBLE, 2L);
        Module model = new Sequential(a, new BatchNorm1d(4, 1e-5, 0.1, DataType.DOUBLE), new ReLU(), b);
        List<Tensor> weights = Regularization.weights(model);
        assertEquals(2, weights.size());
        assertSame(a.weight(), weights.get(0));
        assertSame(b.weight(), weights.get(1));
        double expected = (a.weight().square().sum().item() + b.weight().square().sum().item()) * 0.5 / (2 * 10);
        assertEquals(expected, Regularization.l2(model, 0.5, 10).item(), 1e-14);
        assertEquals(Regularization.l1(weights, 0.5, 10).item(), Regularization.l1(model, 0.5, 10).item());
    }

    @Test
    void invalidArgumentsAreRejected() {
        var none = assertThrows(IllegalArgumentException.class, () -> Regularization.l2(List.of(), 0.1, 1));
        assertTrue(none.getMessage().contains("l2") && none.getMessage().contains("no parameters"), none.getMessage());
        var lambda = assertThrows(IllegalArgumentException.class, () -> Regularization.l1(List.of(W1), -1, 1));
        assertTrue(lambda.getMessage().contains("lambda"), lambda.getMessage());
        var m = assertThrows(IllegalArgumentException.class, () -> Regularization.l2(List.of(W1), 0.1, 0));
        assertTrue(m.getMessage().contains("m (the number of examples)"), m.getMessage());
    }
}
