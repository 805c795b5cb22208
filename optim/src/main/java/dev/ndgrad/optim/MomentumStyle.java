package dev.ndgrad.optim;

/**
 * The two conventions for the velocity of gradient descent with momentum.
 *
 * <p>Both give the same trajectories for matching rates: the averaged form's velocity is
 * {@code (1 − β)} times the accumulated one, so {@code AVERAGED} with rate α steps like
 * {@code ACCUMULATED} with rate {@code (1 − β)·α}.
 */
public enum MomentumStyle {
    /**
     * PyTorch's (and most libraries'): {@code v = β·v + dW; W = W − α·v}. The velocity sums the
     * gradients, so a steady gradient moves W by about {@code α/(1 − β)·dW} per step.
     */
    ACCUMULATED,
    /**
     * The seeds' exponentially weighted average of the gradients:
     * {@code v_dW = β·v_dW + (1 − β)·dW; W = W − α·v_dW}. A steady gradient moves W by about α·dW per
     * step, as plain gradient descent does, and α needs no retuning when β changes.
     */
    AVERAGED;

    /** The weight of the new gradient in the velocity: 1, or 1 − β. */
    double gradientWeight(double beta) {
        return this == ACCUMULATED ? 1 : 1 - beta;
    }
}
