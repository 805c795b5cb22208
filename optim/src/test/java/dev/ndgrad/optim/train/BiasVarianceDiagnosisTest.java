package dev.ndgrad.optim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.optim.train.BiasVarianceDiagnosis.Thresholds;
import dev.ndgrad.optim.train.BiasVarianceDiagnosis.Verdict;
import org.junit.jupiter.api.Test;

class BiasVarianceDiagnosisTest {

    @Test
    void theLectureExamplesWithABaseErrorOfZero() {
        assertEquals(Verdict.HIGH_VARIANCE, BiasVarianceDiagnosis.of(0.01, 0.11, 0).verdict());
        assertEquals(Verdict.HIGH_BIAS, BiasVarianceDiagnosis.of(0.15, 0.16, 0).verdict());
        assertEquals(Verdict.HIGH_BIAS_AND_HIGH_VARIANCE, BiasVarianceDiagnosis.of(0.15, 0.30, 0).verdict());
        assertEquals(Verdict.NEITHER, BiasVarianceDiagnosis.of(0.005, 0.01, 0).verdict());
    }

    @Test
    void aHighBaseErrorMeansNoAvoidableBias() {
        // the notes: if even humans get 15% wrong (blurry images), train 15% / dev 16% is fine
        BiasVarianceDiagnosis d = BiasVarianceDiagnosis.of(0.15, 0.16, 0.15);
        assertEquals(Verdict.NEITHER, d.verdict());
        assertEquals(0.0, d.avoidableBias(), 1e-12);
        assertEquals(0.01, d.variance(), 1e-12);
    }

    @Test
    void smallErrorsCountRelativelyAboveTheMinimumGap() {
        // 1.2% → 3.0%: only 1.8 points, but the dev error is 2.5 times the train error
        assertEquals(Verdict.HIGH_VARIANCE, BiasVarianceDiagnosis.of(0.012, 0.030, 0.005).verdict());
        // against a base of 0, more than 1.5 points of training error is already high bias
        assertEquals(Verdict.HIGH_BIAS, BiasVarianceDiagnosis.of(0.017, 0.02, 0.0).verdict());
        assertEquals(Verdict.NEITHER, BiasVarianceDiagnosis.of(0.012, 0.02, 0.0).verdict());
        assertEquals(0.015, BiasVarianceDiagnosis.Thresholds.DEFAULT.threshold(0.0), 1e-12);
        assertEquals(0.018, BiasVarianceDiagnosis.Thresholds.DEFAULT.threshold(0.018), 1e-12);
        assertEquals(0.02, BiasVarianceDiagnosis.Thresholds.DEFAULT.threshold(0.3), 1e-12);
        // 0.2% → 0.9%: 4.5 times, but under the 1.5-point floor: noise of a small dev set
        assertEquals(Verdict.NEITHER, BiasVarianceDiagnosis.of(0.002, 0.009, 0.0).verdict());
        // base 1%, train 2.7%: 1.7 points of avoidable bias, more than the base error itself
        assertEquals(Verdict.HIGH_BIAS, BiasVarianceDiagnosis.of(0.027, 0.03, 0.01).verdict());
    }

    @Test
    void thresholdsAreConfigurable() {
        Thresholds strict = new Thresholds(0.005, 10, 0.005);
        assertEquals(Verdict.HIGH_BIAS_AND_HIGH_VARIANCE,
                BiasVarianceDiagnosis.of(0.01, 0.02, 0, strict).verdict());
        Thresholds lax = new Thresholds(0.2, 10, 0.2);
        assertEquals(Verdict.NEITHER, BiasVarianceDiagnosis.of(0.15, 0.30, 0, lax).verdict());
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(0, 1, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> new Thresholds(0.01, 1, 0.02));
        assertTrue(e.getMessage().contains("minimum <= absolute"), e.getMessage());
    }

    @Test
    void theMessageSaysTheVerdictWithTheNumbersAndTheNextStep() {
        String variance = BiasVarianceDiagnosis.of(0.01, 0.11, 0).message();
        assertTrue(variance.startsWith("high variance: train error 1.0% is 1.0 point above the base error 0.0%; "
                + "dev error 11.0% is 10.0 points above the train error."), variance);
        assertTrue(variance.contains("more data, regularization"), variance);
        assertFalse(variance.contains("bigger network"), variance);

        String both = BiasVarianceDiagnosis.of(0.15, 0.30, 0).message();
        assertTrue(both.startsWith("high bias and high variance: train error 15.0% is 15.0 points above"), both);
        assertTrue(both.contains("Next (bias first): a bigger network") && both.contains("Then (variance): more data"),
                both);

        String neither = BiasVarianceDiagnosis.of(0.04, 0.035, 0.04).toString();
        assertTrue(neither.startsWith("neither high bias nor high variance: train error 4.0% is 0.0 points above"),
                neither);
        assertTrue(neither.contains("dev error 3.5% is 0.5 points below the train error."), neither);
    }

    @Test
    void errorsMustBeRates() {
        var e = assertThrows(IllegalArgumentException.class, () -> BiasVarianceDiagnosis.of(1.5, 0.1, 0));
        assertTrue(e.getMessage().contains("train error 1.5 is not a rate in [0, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BiasVarianceDiagnosis.of(0.1, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> BiasVarianceDiagnosis.of(0.1, 0.1, -0.01));
    }
}
