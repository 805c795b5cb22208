package dev.ndgrad.autograd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** ndgrad's double-precision erf against values computed to 50 digits (mpmath), rounded to double. */
class ErrorFunctionTest {

    /** {x, erf(x) correctly rounded}: both regimes of {@link ErrorFunction}, their boundary (1.25) and saturation. */
    private static final double[][] KNOWN = {
        {0.0, 0.0},
        {1e-300, 1.1283791670955126e-300},
        {1e-10, 1.1283791670955126e-10},
        {0.001, 0.0011283787909692365},
        {0.1, 0.1124629160182849},
        {0.3, 0.32862675945912745},
        {0.5, 0.5204998778130465},
        {0.75, 0.7111556336535151},
        {0.9, 0.7969082124228322},
        {1.0, 0.8427007929497149},
        {1.2, 0.9103139782296353},
        {1.25, 0.9229001282564583},
        {1.3, 0.9340079449406524},
        {1.5, 0.9661051464753108},
        {1.75, 0.9866716712191824},
        {2.0, 0.9953222650189527},
        {2.5, 0.999593047982555},
        {3.0, 0.9999779095030014},
        {3.5, 0.9999992569016276},
        {4.0, 0.9999999845827421},
        {4.5, 0.9999999998033839},
        {5.0, 0.9999999999984626},
        {5.5, 0.9999999999999927},
        {5.9, 0.9999999999999999},
        {6.0, 1.0},
        {7.0, 1.0},
        {27.0, 1.0},
        {-0.4, -0.42839235504666845},
        {-1.7, -0.9837904585907745},
        {-3.2, -0.9999939742388483},
    };

    @Test
    void matchesFiftyDigitValuesToWithinAFewUlps() {
        for (double[] known : KNOWN) {
            double x = known[0];
            double expected = known[1];
            double actual = ErrorFunction.erf(x);
            assertEquals(expected, actual, 1e-15, "erf(" + x + ")");
            assertTrue(Math.abs(actual - expected) <= 6 * Math.ulp(expected),
                    () -> "erf(" + x + ") = " + actual + ", " + Math.abs(actual - expected) / Math.ulp(expected)
                            + " ulps from " + expected);
        }
    }

    @Test
    void isOddSaturatesAndPropagatesNaN() {
        assertEquals(-ErrorFunction.erf(0.7), ErrorFunction.erf(-0.7), 0);
        assertEquals(1.0, ErrorFunction.erf(Double.POSITIVE_INFINITY), 0);
        assertEquals(-1.0, ErrorFunction.erf(Double.NEGATIVE_INFINITY), 0);
        assertTrue(Double.isNaN(ErrorFunction.erf(Double.NaN)));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(ErrorFunction.erf(-0.0)));
    }

    /** Agrees with the C library's erf (which ND4J calls), itself within an ulp, everywhere it is not ±1. */
    @Property(tries = 2000)
    void agreesWithTheCLibrary(@ForAll @DoubleRange(min = -6.5, max = 6.5) double x) {
        Storage in = Storage.wrap(org.nd4j.linalg.factory.Nd4j.createFromArray(x));
        double reference = Nd4jKernels.unary(UnaryFn.ERF, in).getDouble(0);
        assertEquals(reference, ErrorFunction.erf(x), 1e-15, "erf(" + x + ")");
    }

    /**
     * erf is increasing: no seam between the series and the continued fraction at 1.25 (steps of 1e−12 raise erf
     * by 2.4e−13, far more than its error).
     */
    @Test
    void isMonotoneAcrossTheSeam() {
        double previous = -1;
        for (int i = -1000; i <= 1000; i++) {
            double x = 1.25 + i * 1e-12;
            double y = ErrorFunction.erf(x);
            assertTrue(y >= previous, () -> "erf decreases at " + x);
            previous = y;
        }
    }
}
