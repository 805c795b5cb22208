package dev.ndgrad.optim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistoryTest {

    private static EpochRecord epoch(int e, double devLoss) {
        return new EpochRecord(e, 1.0 / (e + 1), Double.NaN, devLoss, Double.NaN, 0.1, 0, 1, 100);
    }

    @Test
    void aRecorderFillsAHistoryThatItsReadersCannotChange() {
        History.Recorder recorder = History.recorder();
        History history = recorder.history();
        recorder.add(epoch(0, 3));
        recorder.add(epoch(1, 2));
        assertEquals(2, history.size(), "the history is live");
        recorder.finish(StopReason.EARLY_STOPPED, 1);
        assertSame(history, recorder.history());
        assertEquals(1, history.bestEpoch());
        assertEquals(1, history.restoredEpoch());
        assertEquals(StopReason.EARLY_STOPPED, history.stopReason());
        assertThrows(UnsupportedOperationException.class, () -> history.epochs().clear());
        assertTrue(history.toString().endsWith("early stopped after 2 epoch(s), weights of epoch 1 restored"));
    }

    @Test
    void recordsMustComeInOrder() {
        History.Recorder recorder = History.recorder();
        recorder.add(epoch(0, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> recorder.add(epoch(2, 1)));
        assertTrue(e.getMessage().contains("epoch 2 recorded after 1 epochs"), e.getMessage());
        assertThrows(NullPointerException.class, () -> recorder.add(null));
    }
}
