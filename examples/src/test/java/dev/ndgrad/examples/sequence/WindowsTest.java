package dev.ndgrad.examples.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WindowsTest {

    private static final long[] TEXT = LongStream.range(0, 23).toArray();

    @Test
    void targetsAreTheInputsShiftedByOneCharacter() {
        Windows.Batch batch = new Windows(TEXT, 5, new Random(1)).next(7);
        assertArrayEquals(new long[] {7, 5}, batch.inputs().shape());
        assertArrayEquals(new long[] {7, 5}, batch.targets().shape());
        double[] in = batch.inputs().toDoubleArray();
        double[] out = batch.targets().toDoubleArray();
        for (int b = 0; b < 7; b++) {
            for (int t = 0; t < 5; t++) {
                double position = in[b * 5 + t];
                assertEquals(position + 1, out[b * 5 + t]);          // the text is 0, 1, 2, …: a value is its position
                if (t > 0) {
                    assertEquals(in[b * 5 + t - 1] + 1, position);   // consecutive characters
                }
            }
            assertEquals(true, out[b * 5 + 4] <= 22);                 // the last target is still in the text
        }
    }

    @Test
    void consecutiveWindowsCoverTheTextInBatchesLeavingOutTheShortTail() {
        List<Windows.Batch> batches = Windows.consecutive(TEXT, 5, 3);
        // (23 − 1)/5 = 4 windows: starts 0, 5, 10, 15 (the targets of the last end at 20); batches of 3 and 1
        assertEquals(2, batches.size());
        assertArrayEquals(new long[] {3, 5}, batches.get(0).inputs().shape());
        assertArrayEquals(new long[] {1, 5}, batches.get(1).inputs().shape());
        assertArrayEquals(new double[] {15, 16, 17, 18, 19}, batches.get(1).inputs().toDoubleArray());
        assertArrayEquals(new double[] {16, 17, 18, 19, 20}, batches.get(1).targets().toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
                batches.get(0).inputs().toDoubleArray());
    }
}
