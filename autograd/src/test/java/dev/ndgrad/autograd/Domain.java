package dev.ndgrad.autograd;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Where an op's input values are drawn from in the property suites: inside the op's domain and, for
 * ops with kinks, a fixed distance away from them, so that a central difference with ε = 1e-6 never
 * straddles a kink. Values have two decimals (scale 2), which keeps counterexamples readable.
 */
enum Domain {
    /** Any real value in [−2, 2]. */
    REAL("real in [-2, 2]", Arbitraries.doubles().between(-2, 2).ofScale(2)),
    /** Positive, for log, sqrt, non-integer powers and the base of pow(Tensor). */
    POSITIVE("positive in [0.5, 2.5]", Arbitraries.doubles().between(0.5, 2.5).ofScale(2)),
    /** Probabilities away from 0 and 1 (and from the clamp of binary cross-entropy). */
    PROBABILITY("in [0.05, 0.95]", Arbitraries.doubles().between(0.05, 0.95).ofScale(2)),
    /** Bounded away from 0, for divisors. */
    NONZERO("|x| in [0.5, 2]", awayFromZero(0.5)),
    /** At least 0.05 from the kink at 0 (abs, relu, leakyRelu). */
    AWAY_FROM_ZERO("|x| in [0.05, 2]", awayFromZero(0.05)),
    /** At least 0.05 from the kinks of clamp(−0.5, 0.5). */
    AWAY_FROM_CLAMP_BOUNDS("in [-1, 1], at least 0.05 from ±0.5",
            Arbitraries.doubles().between(-1, 1).ofScale(2).filter(x -> Math.abs(Math.abs(x) - 0.5) >= 0.05)),
    /** Multiples of 1/16 in [−2, 2]: exact in FLOAT, so a cast to FLOAT and back loses nothing. */
    FLOAT_GRID("multiples of 1/16 in [-2, 2]", Arbitraries.integers().between(-32, 32).map(i -> i / 16.0));

    private final String description;
    private final Arbitrary<Double> values;

    Domain(String description, Arbitrary<Double> values) {
        this.description = description;
        this.values = values;
    }

    Arbitrary<Double> arbitrary() {
        return values;
    }

    @Override
    public String toString() {
        return description;
    }

    private static Arbitrary<Double> awayFromZero(double min) {
        return Arbitraries.doubles().between(min, 2).ofScale(2).flatMap(
                magnitude -> Arbitraries.of(magnitude, -magnitude));
    }
}
