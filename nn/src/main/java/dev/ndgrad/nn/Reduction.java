package dev.ndgrad.nn;

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
    NONE;

    /** Reduces {@code losses} as this constant says. */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
        };
    }
}
