package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;

/**
 * How a loss combines its per-example (or per-element) values: the seeds' cost {@code J = (1/m) Σᵢ L⁽ⁱ⁾} is
 * {@link #MEAN}.
 */
public enum Reduction {
    /** The mean of the unreduced losses (the default): {@code J = (1/m) Σᵢ L⁽ⁱ⁾}, a rank-0 tensor. */
    MEAN,
    /** The sum of the unreduced losses, a rank-0 tensor. */
    SUM,
    /** No reduction: one loss per example ({@code [batch]}) or per element (the input's shape). */
    NONE,
    /**
     * The sum divided by the size of the first axis (the batch), a rank-0 tensor: PyTorch's
     * {@code reduction="batchmean"}, the one that makes {@link Losses#klDiv} the mathematical KL divergence
     * per example (PyTorch's {@code "mean"} divides by every element). For a loss with one value per example
     * it equals {@link #MEAN}.
     */
    BATCHMEAN;

    /** Reduces {@code losses} as this constant says. */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
            case BATCHMEAN -> {
                checkArgument(losses.rank() >= 1 && losses.size(0) > 0,
                        "Reduction.BATCHMEAN: needs losses with a non-empty batch axis, got %s", Described.of(losses));
                yield losses.sum().mul(1.0 / losses.size(0));
            }
        };
    }
}
