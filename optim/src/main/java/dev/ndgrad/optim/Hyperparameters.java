package dev.ndgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

/** The checks every optimizer, group and schedule applies to its hyperparameters, with one wording. */
final class Hyperparameters {

    private Hyperparameters() {}

    /** α ≥ 0 and finite (0 freezes the parameters, which is legal, e.g. at the end of a schedule). */
    static double learningRate(String owner, double lr) {
        checkArgument(lr >= 0 && Double.isFinite(lr), "%s: learning rate must be finite and >= 0, got %s", owner, lr);
        return lr;
    }

    /** A decay rate of an exponentially weighted average: 0 ≤ β &lt; 1 (β = 1 would never move). */
    static double beta(String owner, String name, double beta) {
        checkArgument(beta >= 0 && beta < 1, "%s: %s must be in [0, 1), got %s", owner, name, beta);
        return beta;
    }

    /** ε &gt; 0 and finite: it keeps a division by √s away from zero. */
    static double eps(String owner, double eps) {
        checkArgument(eps > 0 && Double.isFinite(eps), "%s: eps must be finite and > 0, got %s", owner, eps);
        return eps;
    }

    static double weightDecay(String owner, double weightDecay) {
        checkArgument(weightDecay >= 0 && Double.isFinite(weightDecay),
                "%s: weight decay must be finite and >= 0, got %s", owner, weightDecay);
        return weightDecay;
    }

    static double positive(String owner, String name, double value) {
        checkArgument(value > 0 && Double.isFinite(value), "%s: %s must be finite and > 0, got %s", owner, name, value);
        return value;
    }
}
