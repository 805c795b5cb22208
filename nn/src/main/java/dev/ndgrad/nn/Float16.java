package dev.ndgrad.nn;

/**
 * IEEE 754 binary16 ("half", NumPy's {@code float16}) bit patterns to and from {@code float}, for the
 * {@code .npy} reader and writer (Java 17 has no {@code Float.float16ToFloat}).
 *
 * <p>A half has 1 sign bit, 5 exponent bits (bias 15) and 10 mantissa bits: normal values
 * {@code ±1.m × 2^(e−15)} for {@code e} in 1..30, subnormals {@code ±0.m × 2^−14}, and {@code e = 31} for
 * infinities and NaN. Every half is exactly a float, so {@link #toFloat} is exact; {@link #fromFloat} rounds to
 * the nearest half, ties to even (as NumPy's {@code astype(float16)} does), and gives ±infinity above the
 * largest half, 65504.
 */
final class Float16 {

    private static final int FLOAT_EXPONENT_BIAS_DIFFERENCE = 127 - 15;
    /** 65520 = 65504 + half a unit in the last place: from here on, rounding goes to infinity. */
    private static final int OVERFLOW_BITS = Float.floatToIntBits(65520f);
    /** 2^−14, the smallest normal half: below it, halves are subnormal. */
    private static final int SMALLEST_NORMAL_BITS = Float.floatToIntBits(0x1p-14f);

    private Float16() {}

    /** The float whose value is the half {@code bits}. */
    static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));   // ±infinity, NaN (payload kept)
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;   // zero or subnormal: 0.m × 2^−14 = m × 2^−24, exact
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + FLOAT_EXPONENT_BIAS_DIFFERENCE) << 23) | (mantissa << 13));
    }

    /** The half nearest to {@code value} (ties to even), as its bit pattern. */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude > 0x7f800000) {
            return (short) (sign | 0x7e00 | ((magnitude >>> 13) & 0x3ff));   // NaN stays NaN (quiet)
        }
        if (magnitude >= OVERFLOW_BITS) {
            return (short) (sign | 0x7c00);   // ±infinity
        }
        if (magnitude < SMALLEST_NORMAL_BITS) {
            // A subnormal half is m × 2^−24; scaling by 2^24 is exact and rint rounds ties to even. m = 1024
            // (a value that rounds up to 2^−14) is the bit pattern of the smallest normal, as it should be.
            return (short) (sign | (int) Math.rint(Float.intBitsToFloat(magnitude) * 0x1p24f));
        }
        int half = ((magnitude >>> 23) - FLOAT_EXPONENT_BIAS_DIFFERENCE) << 10 | (magnitude & 0x7fffff) >>> 13;
        int dropped = magnitude & 0x1fff;   // the 13 mantissa bits a half has no room for
        if (dropped > 0x1000 || (dropped == 0x1000 && (half & 1) != 0)) {
            half++;   // a carry out of the mantissa correctly bumps the exponent
        }
        return (short) (sign | half);
    }
}
