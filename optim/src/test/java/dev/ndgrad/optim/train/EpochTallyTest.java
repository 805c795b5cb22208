package dev.ndgrad.optim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.optim.train.Scripted.OneWeight;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochTallyTest {

    @Test
    void theRecordWeighsEachStepByItsBatchSize() {
        EpochTally tally = new EpochTally();
        tally.beforeStep(0.1);
        tally.add(4, 1.0, 0.5, 0.2);
        tally.beforeStep(0.05); // the epoch reports the rate of its first step
        tally.add(2, 4.0, 1.0, 0.4);
        tally.trainingTime(2_000_000_000L);
        tally.dev(new Evaluation(0.7, 0.9, 10));

        assertEquals(2, tally.steps());
        assertEquals(6, tally.examples());
        assertEquals(4.0, tally.lastLoss());
        assertEquals((4 * 1.0 + 2 * 4.0) / 6, tally.meanLoss(), 1e-12);
        EpochRecord r = tally.record(3, 2.5);
        assertEquals(3, r.epoch());
        assertEquals(2.0, r.trainLoss(), 1e-12);
        assertEquals((4 * 0.5 + 2 * 1.0) / 6, r.trainMetric(), 1e-12);
        assertEquals(0.7, r.devLoss());
        assertEquals(0.9, r.devMetric());
        assertEquals(0.1, r.learningRate());
        assertEquals(0.3, r.penalty(), 1e-12, "the mean penalty over steps");
        assertEquals(2.5, r.seconds());
        assertEquals(3.0, r.examplesPerSecond(), 1e-12, "6 examples in 2 s of steps");
    }

    @Test
    void aDivergedOrEmptyEpochHasNoTrainValues() {
        EpochTally empty = new EpochTally();
        assertTrue(Double.isNaN(empty.meanLoss()) && Double.isNaN(empty.lastLoss()));
        EpochRecord none = empty.record(0, 1);
        assertTrue(Double.isNaN(none.trainLoss()) && Double.isNaN(none.learningRate()));
        assertEquals(0, none.penalty());

        EpochTally diverged = new EpochTally();
        diverged.add(3, 1.0, Double.NaN, 0);
        diverged.diverged();
        assertTrue(diverged.isDiverged());
        assertTrue(Double.isNaN(diverged.record(0, 1).trainLoss()));
    }

    @Test
    void anAnomalyStopsTheEpochKeepsItsTakenStepsAndOutranksEverything() {
        EpochTally tally = new EpochTally();
        tally.add(2, 3.0, Double.NaN, 0);
        tally.anomaly("the backward of sqrt returned NaN");
        tally.diverged();
        assertTrue(tally.isStopped());
        assertEquals("the backward of sqrt returned NaN", tally.anomaly().orElseThrow());
        EpochRecord r = tally.record(0, 1);
        EarlyStopping.Monitor monitor = new EarlyStopping(1, 0).start();
        assertEquals(StopReason.ANOMALY, tally.stopReason(r, History.recorder().history(), monitor, new OneWeight(),
                List.of()));
        assertTrue(new EpochTally().anomaly().isEmpty());
        assertThrows(NullPointerException.class, () -> tally.anomaly(null));
    }

    @Test
    void badCountsAreErrors() {
        EpochTally tally = new EpochTally();
        var size = assertThrows(IllegalArgumentException.class, () -> tally.add(0, 1, 1, 0));
        assertTrue(size.getMessage().contains("batch size must be >= 1, got 0"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tally.trainingTime(-1));
        assertThrows(NullPointerException.class, () -> tally.dev(null));
    }

    @Test
    void divergenceOutranksEarlyStoppingWhichOutranksCallbacksAndEveryCallbackSeesTheEpoch() {
        OneWeight model = new OneWeight();
        List<Integer> seen = new ArrayList<>();
        Callback stop = new Callback() {
            @Override
            public boolean onEpochEnd(EpochRecord record, History history) {
                seen.add(record.epoch());
                return true;
            }
        };
        History.Recorder recorder = History.recorder();
        EarlyStopping.Monitor monitor = new EarlyStopping(1, 0).start();

        EpochTally first = new EpochTally();
        first.add(1, 1, Double.NaN, 0);
        first.dev(new Evaluation(1.0, Double.NaN, 1));
        EpochRecord r0 = first.record(0, 1);
        recorder.add(r0);
        assertEquals(StopReason.STOPPED_BY_CALLBACK,
                first.stopReason(r0, recorder.history(), monitor, model, List.of(stop)), "dev loss improved");

        EpochTally second = new EpochTally();
        second.add(1, 1, Double.NaN, 0);
        second.dev(new Evaluation(2.0, Double.NaN, 1));
        EpochRecord r1 = second.record(1, 1);
        recorder.add(r1);
        assertEquals(StopReason.EARLY_STOPPED,
                second.stopReason(r1, recorder.history(), monitor, model, List.of(stop, stop)));

        EpochTally third = new EpochTally();
        third.diverged();
        EpochRecord r2 = third.record(2, 1);
        assertEquals(StopReason.DIVERGED, third.stopReason(r2, recorder.history(), null, model, List.of(stop)));
        assertEquals(List.of(0, 1, 1, 2), seen);
        assertEquals(StopReason.COMPLETED, new EpochTally().stopReason(r2, recorder.history(), null, model, List.of()));
    }
}
