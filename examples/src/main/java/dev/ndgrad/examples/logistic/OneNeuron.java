package dev.ndgrad.examples.logistic;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;

/**
 * Logistic regression as the seeds write it: one neuron, with the forward pass, the cost and the
 * hand-derived gradients spelled out, and no autograd. With examples as rows ({@code X [m, n]}):
 * <pre>
 *   z = X·w + b            a = σ(z)                                  (forward)
 *   J = −(1/m) Σ [y·log a + (1 − y)·log(1 − a)]                      (cost)
 *   dz = a − y     dw = (1/m)·Xᵀ·dz     db = (1/m)·Σ dz              (backward, by hand)
 *   w ← w − α·dw   b ← b − α·db                                      (gradient descent)
 * </pre>
 * The seeds' {@code dw = (1/m)·X·dzᵀ} with examples as columns is the same formula transposed.
 */
final class OneNeuron {

    /** {@code w [n, 1]} and {@code b [1]}: the neuron's parameters (constants: no graph is recorded). */
    record Parameters(Tensor w, Tensor b) {
        static Parameters zeros(org.nd4j.linalg.api.buffer.DataType dtype, long features) {
            return new Parameters(Tensor.zeros(dtype, features, 1), Tensor.zeros(dtype, 1));
        }
    }

    /** The hand-derived gradients {@code dw [n, 1]}, {@code db [1]}, and the cost they belong to. */
    record Gradients(Tensor dw, Tensor db, double cost) {}

    private OneNeuron() {}

    /** {@code a = σ(X·w + b)}, {@code [m, 1]}. */
    static Tensor forward(Parameters p, Tensor x) {
        return x.matmul(p.w()).add(p.b()).sigmoid();
    }

    /** {@code J = −(1/m) Σ [y·log a + (1 − y)·log(1 − a)]} for {@code a, y [m, 1]}. */
    static Tensor cost(Tensor a, Tensor y) {
        return y.mul(a.log()).add(y.rsub(1).mul(a.rsub(1).log())).mean().neg();
    }

    /** The seeds' backward pass: {@code dz = a − y}, {@code dw = Xᵀ·dz / m}, {@code db = Σ dz / m}. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    static Gradients gradients(Parameters p, Tensor x, Tensor y) {
        try (var off = Autograd.noGrad()) {
            Tensor a = forward(p, x);
            Tensor dz = a.sub(y);
            long m = x.size(0);
            Tensor dw = x.matmul(dz, true, false).div(m);
            Tensor db = dz.sum(0, false).div(m);
            return new Gradients(dw, db, cost(a, y).item());
        }
    }

    /** One step of gradient descent; returns the new parameters and the cost before the step. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    static Parameters step(Parameters p, Gradients g, double learningRate) {
        try (var off = Autograd.noGrad()) {
            return new Parameters(p.w().sub(g.dw().mul(learningRate)), p.b().sub(g.db().mul(learningRate)));
        }
    }
}
