package dev.ndgrad.optim;

import static dev.ndgrad.optim.SgdTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    static final double TOL = 1e-12;

    @Test
    void inverseTimeDecayMatchesTheSeedsTable() {
        // α₀ = 0.2, decay rate 1: epochs 1..4 give 0.1, 0.0667, 0.05, 0.04
        LearningRateSchedule s = Schedules.inverseTimeDecay(0.2, 1);
        assertEquals(0.2, s.rate(0), TOL);
        assertEquals(0.1, s.rate(1), TOL);
        assertEquals(0.2 / 3, s.rate(2), TOL);
        assertEquals(0.05, s.rate(3), TOL);
        assertEquals(0.04, s.rate(4), TOL);
    }

    @Test
    void inverseSquareRoots() {
        LearningRateSchedule epochs = Schedules.inverseSqrtEpoch(0.5, 2);
        assertEquals(1.0, epochs.rate(1), TOL);      // 2/√1 · 0.5
        assertEquals(0.5, epochs.rate(4), TOL);      // 2/√4 · 0.5
        assertEquals(0.1, epochs.rate(100), TOL);    // 2/10 · 0.5
        assertFalse(epochs.perStep());
        LearningRateSchedule steps = Schedules.inverseSqrtStep(0.3, 1);
        assertEquals(0.3, steps.rate(1), TOL);
        assertEquals(0.1, steps.rate(9), TOL);
        assertTrue(steps.perStep());
        assertMessage(() -> steps.rate(0), "inverseSqrtStep", "must be >= 1", "got 0");
    }

    @Test
    void exponentialWithTheSeedsBase() {
        LearningRateSchedule s = Schedules.exponential(0.2, 0.95);
        assertEquals(0.2, s.rate(0), TOL);
        assertEquals(0.19, s.rate(1), TOL);
        assertEquals(0.2 * 0.95 * 0.95 * 0.95, s.rate(3), TOL);
        assertEquals(0.2 * Math.pow(0.5, 10), Schedules.exponential(0.2, 0.5).rate(10), TOL);
    }

    @Test
    void stepDecayIsAStaircase() {
        LearningRateSchedule s = Schedules.step(1.0, 0.5, 10);
        assertEquals(1.0, s.rate(0), TOL);
        assertEquals(1.0, s.rate(9), TOL);
        assertEquals(0.5, s.rate(10), TOL);
        assertEquals(0.5, s.rate(19), TOL);
        assertEquals(0.125, s.rate(35), TOL);
    }

    @Test
    void cosineWithWarmup() {
        LearningRateSchedule s = Schedules.cosineWithWarmup(1.0, 4, 14, 0.1);
        assertEquals(0.25, s.rate(0), TOL);   // (0 + 1)/4
        assertEquals(0.75, s.rate(2), TOL);
        assertEquals(1.0, s.rate(3), TOL);
        assertEquals(1.0, s.rate(4), TOL);    // cosine starts at α₀
        assertEquals(0.55, s.rate(9), TOL);   // halfway: minLr + (α₀ − minLr)/2
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.8)) / 2, s.rate(12), TOL);
        assertEquals(0.1, s.rate(14), TOL);
        assertEquals(0.1, s.rate(1000), TOL);
        assertEquals(1.0, Schedules.cosineWithWarmup(1.0, 0, 10, 0).rate(0), TOL);
        assertTrue(Schedules.perStep(s).perStep());
        assertEquals(s.rate(5), Schedules.perStep(s).rate(5));
    }

    @Test
    void appliesToEveryGroupOfAnOptimizer() {
        Optimizer o = new SGD(List.of(ParamGroup.of(List.of(Params.of(1))), ParamGroup.of(List.of(Params.of(2)), 0.5)),
                SGD.Config.of(0.1));
        LearningRateSchedule s = Schedules.inverseTimeDecay(0.2, 1);
        assertEquals(0.1, s.applyTo(o, 1), TOL);
        assertEquals(0.1, o.groups().get(0).lr(), TOL);
        assertEquals(0.1, o.groups().get(1).lr(), TOL);
        assertEquals("inverseTimeDecay(a0=0.2, decay=1.0)", s.toString());
    }

    @Test
    void rejectsBadArguments() {
        assertMessage(() -> Schedules.inverseTimeDecay(-1, 1), "inverseTimeDecay", "learning rate", "-1");
        assertMessage(() -> Schedules.inverseTimeDecay(0.1, -1), "decay", "-1");
        assertMessage(() -> Schedules.inverseTimeDecay(0.1, 1).rate(-1), "epoch must be >= 0", "-1");
        assertMessage(() -> Schedules.inverseSqrtEpoch(0.1, 0), "k must be finite and > 0");
        assertMessage(() -> Schedules.exponential(0.1, 1.5), "base must be in (0, 1]", "1.5");
        assertMessage(() -> Schedules.step(0.1, 0.5, 0), "every must be >= 1");
        assertMessage(() -> Schedules.cosineWithWarmup(0.1, 10, 10, 0), "total (10) must exceed warmup (10)");
        assertMessage(() -> Schedules.cosineWithWarmup(0.1, 1, 10, 0.2), "minLr must be in [0, a0=0.1]", "0.2");
    }
}
