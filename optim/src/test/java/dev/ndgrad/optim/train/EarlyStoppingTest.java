package dev.ndgrad.optim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.optim.train.Scripted.OneWeight;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    /** Feeds {@code devLosses} epoch by epoch, the weight set to the epoch first; returns the stop epoch or -1. */
    private static int run(EarlyStopping.Monitor monitor, OneWeight model, double... devLosses) {
        for (int epoch = 0; epoch < devLosses.length; epoch++) {
            int e = epoch;
            model.w.get().updateData(w -> w.assign(e));
            if (monitor.update(epoch, devLosses[epoch], model)) {
                return epoch;
            }
        }
        return -1;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBest() {
        OneWeight model = new OneWeight();
        EarlyStopping.Monitor monitor = new EarlyStopping(3, 0).start();
        int stoppedAt = run(monitor, model, 5, 3, 2, 2.5, 2.1, 2.0, 1.0);
        assertEquals(5, stoppedAt, "epochs 3, 4, 5 do not beat 2 (an equal loss is no improvement)");
        assertEquals(2, monitor.bestEpoch());
        assertEquals(2.0, monitor.bestLoss());
        assertEquals(3, monitor.epochsWithoutImprovement());
        assertEquals(5.0, model.weight());
        assertEquals(2, monitor.restoreBest(model));
        assertEquals(2.0, model.weight(), "the weights of epoch 2 are back");
    }

    @Test
    void minDeltaIgnoresTinyImprovements() {
        OneWeight model = new OneWeight();
        EarlyStopping.Monitor monitor = new EarlyStopping(2, 0.1).start();
        assertEquals(3, run(monitor, model, 1.0, 0.5, 0.45, 0.41, 0.0));
        assertEquals(1, monitor.bestEpoch(), "0.45 and 0.41 are within 0.1 of 0.5");
    }

    @Test
    void nanNeverImprovesAndTheFirstFiniteLossIsTheFirstBest() {
        OneWeight model = new OneWeight();
        EarlyStopping.Monitor monitor = new EarlyStopping(2, 0).start();
        assertFalse(monitor.update(0, Double.NaN, model));
        assertEquals(-1, monitor.bestEpoch());
        assertEquals(-1, monitor.restoreBest(model), "nothing to restore yet");
        assertFalse(monitor.update(1, 7.0, model));
        assertEquals(1, monitor.bestEpoch());
        assertTrue(monitor.update(2, Double.NaN, model) || monitor.update(3, Double.NaN, model));
    }

    @Test
    void restoringCanBeTurnedOff() {
        OneWeight model = new OneWeight();
        EarlyStopping rule = new EarlyStopping(1, 0).restoreBestWeights(false);
        assertFalse(rule.restoresBestWeights());
        EarlyStopping.Monitor monitor = rule.start();
        run(monitor, model, 1, 2);
        assertEquals(-1, monitor.restoreBest(model));
        assertEquals(1.0, model.weight());
    }

    @Test
    void rejectsBadSettings() {
        var patience = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, 0));
        assertTrue(patience.getMessage().contains("patience must be >= 1, got 0"), patience.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(1, Double.NaN));
    }
}
