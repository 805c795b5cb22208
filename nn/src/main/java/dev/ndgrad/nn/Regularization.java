package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Penalty terms to add to a loss ({@code J = (1/m) Σ L + penalty}); each returns a rank-0 tensor, so the
 * graph adds its gradient during backward. {@code m} is the number of examples the data term averages
 * over (the seeds' {@code m}).
 *
 * <pre>{@code
 * Tensor cost = Losses.crossEntropy(model.forward(x), y).add(Regularization.l2(model, 0.7, m));
 * }</pre>
 */
public final class Regularization {

    private Regularization() {}

    /**
     * The parameters the seeds regularise: the weight matrices, not the biases. Selected as the parameters of
     * rank ≥ 2 ({@code Linear.weight [out, in]}); biases and batch norm's scale and shift are rank 1 and are
     * left out (common practice: they do not multiply inputs, so shrinking them does not simplify the model).
     */
    public static List<Tensor> weights(Module model) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            if (p.rank() >= 2) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The seeds' L2 penalty ("weight decay") {@code (λ/2m)·Σₗ ‖W⁽ˡ⁾‖²_F} over {@code parameters}, where
     * {@code ‖W‖²_F = Σᵢⱼ Wᵢⱼ²} (the Frobenius norm); its gradient adds {@code (λ/m)·W} to {@code dW}.
     */
    public static Tensor l2(Collection<Tensor> parameters, double lambda, long m) {
        return penalty("l2", parameters, lambda, m, w -> w.square().sum()).mul(lambda / (2.0 * m));
    }

    /** {@link #l2(Collection, double, long)} over the model's {@link #weights}. */
    public static Tensor l2(Module model, double lambda, long m) {
        return l2(weights(model), lambda, m);
    }

    /**
     * The L1 penalty {@code (λ/m)·Σₗ ‖W⁽ˡ⁾‖₁}, {@code ‖W‖₁ = Σᵢⱼ |Wᵢⱼ|}; its gradient adds
     * {@code (λ/m)·sign(W)} to {@code dW}, which drives weights to exactly zero (sparse models). The seeds
     * note {@code λ/m} or {@code λ/2m} is only a choice of scale; this uses {@code λ/m}.
     */
    public static Tensor l1(Collection<Tensor> parameters, double lambda, long m) {
        return penalty("l1", parameters, lambda, m, w -> w.abs().sum()).mul(lambda / m);
    }

    /** {@link #l1(Collection, double, long)} over the model's {@link #weights}. */
    public static Tensor l1(Module model, double lambda, long m) {
        return l1(weights(model), lambda, m);
    }

    private static Tensor penalty(String name, Collection<Tensor> parameters, double lambda, long m,
            java.util.function.Function<Tensor, Tensor> norm) {
        checkNotNull(parameters, "Regularization.%s: parameters are null", name);
        checkArgument(!parameters.isEmpty(), "Regularization.%s: no parameters to regularise", name);
        checkArgument(lambda >= 0 && Double.isFinite(lambda), "Regularization.%s: lambda must be >= 0, got %s", name,
                lambda);
        checkArgument(m > 0, "Regularization.%s: m (the number of examples) must be positive, got %s", name, m);
        Tensor total = null;
        for (Tensor w : parameters) {
            Tensor term = norm.apply(w);
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
