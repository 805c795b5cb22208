package dev.ndgrad.examples.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DigitSequencesTest {

    @Test
    void theTasksSortAndReverse() {
        assertArrayEquals(new int[] {0, 1, 3, 3, 9}, DigitTask.sort.target(new int[] {3, 9, 0, 3, 1}));
        assertArrayEquals(new int[] {1, 3, 0, 9, 3}, DigitTask.reverse.target(new int[] {3, 9, 0, 3, 1}));
    }

    @Test
    void batchesHoldTheDigitsAndTheAnswersRowByRow() {
        DigitSequences data = new DigitSequences(DigitTask.sort, 6, 10, 1);
        DigitSequences.Batch batch = data.next(4);
        assertArrayEquals(new long[] {4, 6}, batch.inputs().shape());
        double[] inputs = batch.inputs().toDoubleArray();
        double[] targets = batch.targets().toDoubleArray();
        for (int b = 0; b < 4; b++) {
            int[] digits = batch.digits().get(b);
            int[] sorted = DigitTask.sort.target(digits);
            for (int i = 0; i < 6; i++) {
                assertEquals(digits[i], inputs[b * 6 + i]);
                assertEquals(sorted[i], targets[b * 6 + i]);
            }
        }
    }

    @Test
    void heldOutSequencesAreDistinctFixedBySeedAndNeverDrawnForTraining() {
        // 3 digits: 1,000 sequences, 400 held out, so training draws hit held-out ones often unless excluded
        DigitSequences data = new DigitSequences(DigitTask.reverse, 3, 400, 5);
        Set<String> heldOut = new HashSet<>();
        data.heldOut().digits().forEach(d -> heldOut.add(Arrays.toString(d)));
        assertEquals(400, heldOut.size());
        assertEquals(heldOut.size(), new HashSet<>(new DigitSequences(DigitTask.reverse, 3, 400, 5).heldOut().digits()
                .stream().map(Arrays::toString).toList()).stream().filter(heldOut::contains).count());
        for (int i = 0; i < 20; i++) {
            for (int[] digits : data.next(100).digits()) {
                assertFalse(heldOut.contains(Arrays.toString(digits)), Arrays.toString(digits));
            }
        }
    }
}
