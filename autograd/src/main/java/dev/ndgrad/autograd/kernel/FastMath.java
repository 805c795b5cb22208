package dev.ndgrad.autograd.kernel;

/**
 * Float versions of exp, tanh and the logistic function for the host path, about four times faster
 * than {@code (float) Math.exp(x)} and within one ulp of the correctly rounded result (checked over
 * millions of points by {@code FastMathProperties}). They compute in double internally: a Cody–Waite
 * style reduction {@code eˣ = 2ᵏ·eʳ} with {@code |r| ≤ ln2/2} and a degree-8 Taylor polynomial, whose
 * error (below 1e-9 relative) is far under a float ulp. DOUBLE tensors use {@link Math} instead.
 */
final class FastMath {

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2 = 0.6931471805599453;
    /** Above this, {@code e^x} overflows float. */
    private static final float EXP_OVERFLOW = 88.72284f;
    /** Below this, {@code e^x} rounds to 0 in float. */
    private static final float EXP_UNDERFLOW = -104f;

    private FastMath() {}

    /** {@code eˣ} for float arguments, computed in double (|error| ≤ 1 ulp). */
    static float exp(float x) {
        if (!(x < EXP_OVERFLOW)) {
            return x != x ? x : Float.POSITIVE_INFINITY;
        }
        if (x < EXP_UNDERFLOW) {
            return 0f;
        }
        return (float) expReduced(x);
    }

    /** {@code eˣ} for |x| below ~700 (no overflow checks). */
    static double expReduced(double x) {
        double t = x * LOG2E;
        double k = Math.rint(t);
        double r = (t - k) * LN2;
        double p = 1 + r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720
                + r * (1.0 / 5040 + r * (1.0 / 40320))))))));
        return p * Double.longBitsToDouble(((long) k + 1023) << 52);
    }

    /**
     * {@code tanh x} for float arguments: an odd Taylor polynomial near 0 (where {@code 1 − 2/(e^{2x}+1)}
     * would cancel), {@code 1 − 2/(e^{2|x|} + 1)} with the sign restored elsewhere, ±1 beyond 9.1.
     */
    static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < 0.55f) {
            double z = x;
            double z2 = z * z;
            return (float) (z * (1 + z2 * (-1.0 / 3 + z2 * (2.0 / 15 + z2 * (-17.0 / 315 + z2 * (62.0 / 2835
                    + z2 * (-1382.0 / 155925 + z2 * (21844.0 / 6081075 + z2 * (-929569.0 / 638512875)))))))));
        }
        if (!(ax <= 9.1f)) {
            return x != x ? x : Math.copySign(1f, x);
        }
        double e = expReduced(2.0 * ax);
        return (float) Math.copySign(1 - 2 / (e + 1), x);
    }

    /** {@code σ(x) = 1/(1 + e⁻ˣ)} for float arguments. */
    static float sigmoid(float x) {
        if (x != x) {
            return x;
        }
        if (x < -104f) {
            return 0f;      // e^{-x} overflows double only far below; float σ is 0 here already
        }
        if (x > 20f) {
            return 1f;      // σ(x) rounds to 1 in float
        }
        return (float) (1 / (1 + expReduced(-x)));
    }
}
