package dev.ndgrad.autograd.kernel;

/**
 * The error function {@code erf x = (2/√π) ∫₀ˣ e^{−t²} dt} in double precision (Java's {@link Math} has none),
 * within a few ulps of the correctly rounded value, below 1e−15 absolute ({@code ErrorFunctionTest} checks it
 * against 50-digit values). Two regimes, each where it is accurate:
 *
 * <ul>
 *   <li>{@code |x| < 1.25}: the Maclaurin series {@code (2/√π) Σₙ (−1)ⁿ x^{2n+1} / (n!(2n+1))}, whose largest
 *       term is the first, so the alternating signs cancel little;
 *   <li>{@code |x| ≥ 1.25}: {@code 1 − erfc x}, with {@code erfc x} from its continued fraction
 *       {@code (e^{−x²}/√π) · 1/(x + ½/(x + 1/(x + (3/2)/(x + …))))} (Abramowitz and Stegun 7.1.14) evaluated by
 *       Lentz's method (about 120 steps at 1.25, 40 at 2.5), and {@code e^{−x²}} taken from the exact split
 *       {@code x² = hi + lo} so that rounding {@code x²} costs no accuracy. From {@code |x| ≥ 6},
 *       {@code erfc x < 2.2e−17} and erf rounds to ±1.
 * </ul>
 */
final class ErrorFunction {

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    private static final double SERIES_LIMIT = 1.25;
    private static final double SATURATION = 6;
    /** A term below this fraction of the sum changes nothing in double. */
    private static final double NEGLIGIBLE = 1e-17;
    /** A continued-fraction step within an ulp of 1 (2⁻⁵²) changes nothing more. */
    private static final double CONVERGED = 0x1p-52;
    private static final int MAX_STEPS = 500;

    private ErrorFunction() {}

    /** {@code erf x}: odd, ±1 at ±∞, NaN at NaN. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (!(ax < SATURATION)) {
            return x != x ? x : Math.copySign(1, x);
        }
        if (ax < SERIES_LIMIT) {
            return x == 0 ? x : maclaurin(x);   // keeps the sign of −0
        }
        return Math.copySign(1 - erfcContinuedFraction(ax), x);
    }

    private static double maclaurin(double x) {
        double x2 = x * x;
        double power = x;        // (−1)ⁿ x^{2n+1} / n!
        double sum = x;
        for (int n = 1; ; n++) {
            power *= -x2 / n;
            double term = power / (2 * n + 1);
            sum += term;
            if (Math.abs(term) <= NEGLIGIBLE * Math.abs(sum)) {
                return TWO_OVER_SQRT_PI * sum;
            }
        }
    }

    /**
     * {@code erfc x} for {@code x ≥ 1.25}: {@code f = x + a₁/(x + a₂/(x + …))} with {@code aₖ = k/2}, by the
     * modified Lentz method (Press et al., Numerical Recipes §5.2), then {@code e^{−x²}/(√π f)}.
     */
    private static double erfcContinuedFraction(double x) {
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < MAX_STEPS; k++) {
            double a = k / 2.0;
            d = 1 / (x + a * d);      // x + a·d and x + a/c stay above x > 0: no zero denominators
            c = x + a / c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) <= CONVERGED) {
                break;
            }
        }
        return ONE_OVER_SQRT_PI * expMinusSquare(x) / f;
    }

    /** {@code e^{−x²}} with {@code x² = hi + lo} split exactly, so its only error is exp's own. */
    private static double expMinusSquare(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(-hi) * (1 - lo);   // e^{−lo} = 1 − lo to double precision: |lo| ≤ ulp(hi)/2
    }
}
