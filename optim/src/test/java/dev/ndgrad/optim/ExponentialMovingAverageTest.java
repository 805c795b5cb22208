package dev.ndgrad.optim;

import static dev.ndgrad.optim.SgdTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seeds' temperature example: β = 0.98, v₀ = 0, θ₁ = 40, θ₂ = 49, θ₃ = 45 (°F, the lecture's
 * first days of London temperatures).
 */
class ExponentialMovingAverageTest {

    static final double TOL = 1e-12;

    @Test
    void withoutBiasCorrectionTheFirstValuesAreFarTooLow() {
        ExponentialMovingAverage ema = new ExponentialMovingAverage(0.98, false);
        assertEquals(0.0, ema.value());                  // v₀
        assertEquals(0.8, ema.update(40), TOL);          // v₁ = 0.02·θ₁
        assertEquals(1.764, ema.update(49), TOL);        // v₂ = 0.98·0.8 + 0.02·49 = 0.0196·θ₁ + 0.02·θ₂
        assertEquals(2.62872, ema.update(45), TOL);      // v₃ = 0.98·1.764 + 0.02·45
        assertEquals(3, ema.count());
    }

    @Test
    void biasCorrectionDividesByOneMinusBetaToTheT() {
        ExponentialMovingAverage ema = new ExponentialMovingAverage(0.98, true);
        assertEquals(40.0, ema.update(40), TOL);                    // v₁/(1 − 0.98) = θ₁
        assertEquals(1.764 / 0.0396, ema.update(49), TOL);          // (0.0196·40 + 0.02·49)/0.0396 ≈ 44.55
        assertEquals(2.62872 / (1 - 0.941192), ema.update(45), TOL);
        // a weighted mean of θ₁..θ₃, so between their min and max
        assertEquals(44.7, ema.value(), 0.01);
    }

    @Test
    void constantInputIsRecoveredExactlyOnlyWithCorrection() {
        ExponentialMovingAverage corrected = new ExponentialMovingAverage(0.9, true);
        ExponentialMovingAverage raw = new ExponentialMovingAverage(0.9, false);
        for (int t = 1; t <= 5; t++) {
            assertEquals(7.0, corrected.update(7), 1e-12);
            assertEquals(7.0 * (1 - Math.pow(0.9, t)), raw.update(7), 1e-12);
        }
    }

    @Test
    void arraysAreAveragedElementwise() {
        ExponentialMovingAverage ema = new ExponentialMovingAverage(0.98, true);
        ema.update(Nd4j.createFromArray(40.0, 10.0));
        INDArray theta2 = Nd4j.createFromArray(49.0, 20.0);
        ema.update(theta2);
        assertArrayEquals(new double[] {1.764 / 0.0396, (0.0196 * 10 + 0.02 * 20) / 0.0396},
                ema.arrayValue().toDoubleVector(), TOL);
        assertArrayEquals(new double[] {49, 20}, theta2.toDoubleVector(), 0, "inputs are not kept or changed");
        ExponentialMovingAverage raw = new ExponentialMovingAverage(0.98, false);
        raw.update(Nd4j.createFromArray(40.0));
        assertEquals(0.8, raw.arrayValue().getDouble(0), TOL);
    }

    @Test
    void theOptimizersMomentUpdateIsTheSameAverage() {
        INDArray v = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1);
        ExponentialMovingAverage ema = new ExponentialMovingAverage(0.98, false);
        for (double theta : new double[] {40, 49, 45}) {
            ExponentialMovingAverage.accumulate(v, Nd4j.createFromArray(theta), 0.98);
            assertEquals(ema.update(theta), v.getDouble(0), TOL);
        }
        assertEquals(1 - 0.98 * 0.98 * 0.98, ExponentialMovingAverage.biasCorrection(0.98, 3), TOL);
    }

    @Test
    void misuseIsAClearError() {
        assertMessage(() -> new ExponentialMovingAverage(1.0, false), "ExponentialMovingAverage", "beta", "[0, 1)");
        ExponentialMovingAverage scalar = new ExponentialMovingAverage(0.9, false);
        scalar.update(1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> scalar.update(Nd4j.createFromArray(1.0)));
        assertEquals("ExponentialMovingAverage: this average tracks scalars, not arrays", e.getMessage());
        ExponentialMovingAverage array = new ExponentialMovingAverage(0.9, false);
        array.update(Nd4j.createFromArray(1.0, 2.0));
        assertMessage(() -> array.update(Nd4j.createFromArray(1.0, 2.0, 3.0)), "got DOUBLE[3]", "tracks DOUBLE[2]");
        assertThrows(IllegalStateException.class, array::value);
        array.reset();
        assertEquals(0, array.count());
        assertEquals(2.0 * 0.1, array.update(2.0), TOL);
    }
}
