package dev.ndgrad.tests.fuzz;

import java.util.Random;

/**
 * Where an op's input values must lie in a random graph: inside the op's domain and away from its kinks by a margin
 * that the steps of a gradient check (ε = 1e-6, amplified along the graph) cannot cross. A value already in the
 * graph that does not fit is mapped into the domain by a smooth guard (printed as the ops it is) or, for the
 * domains of kinks, replaced by a fresh leaf drawn inside it.
 */
enum ValueDomain {
    /** Any value (every value of a graph is finite and at most {@link GraphBuilder#LIMIT} in magnitude). */
    REAL,
    /** |x| ≤ 3: the inputs of exp and softplus, so values stay moderate. */
    BOUNDED,
    /**
     * 0.01 ≤ |x| ≤ 3: pow's exponent, at edge values too. Bounded as above, and away from 0, where ndgrad, as
     * PyTorch, takes the base's gradient {@code b·aᵇ⁻¹} as exactly 0, so that its derivative in b there is 0 and not
     * the formula's {@code 1/a} that a second-order difference check measures (pinned in ConventionTest).
     */
    EXPONENT,
    /** 0.05 ≤ x ≤ 0.95: the probabilities and targets of binary cross-entropy (inside its logs' domain). */
    PROBABILITY,
    /**
     * |x| ≥ 0.01: the norms' argument, at edge values too. At the origin ndgrad's 2-norm has a zero Hessian where
     * PyTorch's is NaN (a documented difference, pinned in ConventionTest), and the 1-norm has its kinks at 0.
     */
    NORM_ARGUMENT,
    /** x ≥ 0.25: log, sqrt, real powers, pow's base. */
    POSITIVE,
    /** |x| ≥ 0.25: divisors. */
    NONZERO,
    /** |x| ≥ 0.01: the kink at 0 of relu, leakyRelu and abs. */
    AWAY_FROM_ZERO,
    /** |(|x| − 0.5)| ≥ 0.01: the kinks of clamp(−0.5, 0.5). */
    AWAY_FROM_CLAMP_BOUNDS;

    /** Least distance from a kink for a computed value. */
    static final double MARGIN = 0.01;

    boolean accepts(double v) {
        return switch (this) {
            case REAL -> true;
            case BOUNDED -> Math.abs(v) <= 3;
            case EXPONENT -> Math.abs(v) <= 3 && Math.abs(v) >= MARGIN;
            case PROBABILITY -> v >= 0.05 && v <= 0.95;
            case NORM_ARGUMENT -> Math.abs(v) >= MARGIN;
            case POSITIVE -> v >= 0.25;
            case NONZERO -> Math.abs(v) >= 0.25;
            case AWAY_FROM_ZERO -> Math.abs(v) >= MARGIN;
            case AWAY_FROM_CLAMP_BOUNDS -> Math.abs(Math.abs(v) - 0.5) >= MARGIN;
        };
    }

    boolean accepts(double[] values) {
        for (double v : values) {
            if (!accepts(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a value out of the domain is first mapped by a smooth guard (a value the guard does not bring inside is
     * then replaced by a fresh leaf, as a value out of the other domains is at once).
     */
    boolean guarded() {
        return this == BOUNDED || this == EXPONENT || this == POSITIVE || this == NONZERO;
    }

    /**
     * Whether graphs at edge values keep to this domain all the same: where a convention knowingly differs from
     * central differences (pow's mixed derivative at a zero exponent) or from PyTorch's (the 2-norm's Hessian at the
     * origin; see ConventionTest), or where the op has no value outside it (binary cross-entropy's logs).
     */
    boolean keptAtEdgeValues() {
        return this == EXPONENT || this == PROBABILITY || this == NORM_ARGUMENT;
    }

    /** A fresh value inside the domain, with two decimals (readable in a printed graph). */
    double draw(Random random) {
        double v = switch (this) {
            case REAL, BOUNDED -> -2 + 4 * random.nextDouble();
            case EXPONENT, NORM_ARGUMENT -> sign(random) * (0.05 + 1.95 * random.nextDouble());
            case PROBABILITY -> 0.05 + 0.9 * random.nextDouble();
            case POSITIVE -> 0.5 + 2 * random.nextDouble();
            case NONZERO -> sign(random) * (0.5 + 1.5 * random.nextDouble());
            case AWAY_FROM_ZERO -> sign(random) * (0.05 + 1.95 * random.nextDouble());
            case AWAY_FROM_CLAMP_BOUNDS -> {
                double x = -1 + 2 * random.nextDouble();
                yield Math.abs(Math.abs(x) - 0.5) < 0.05 ? 0.1 * sign(random) : x;
            }
        };
        return Math.round(v * 100) / 100.0;
    }

    private static int sign(Random random) {
        return random.nextBoolean() ? 1 : -1;
    }
}
