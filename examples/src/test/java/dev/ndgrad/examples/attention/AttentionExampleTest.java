package dev.ndgrad.examples.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionExampleTest {

    private static AttentionExample.Config reduced(DigitTask task, int steps, long seed, Path out) {
        return new AttentionExample.Config(task, 6, 32, 2, 64, 2, 64, steps, 0.003, 100, 500, seed, out);
    }

    @Test
    void aTwoLayerEncoderSortsHeldOutSequences(@TempDir Path out) throws Exception {
        AttentionExample.Result r = AttentionExample.run(reduced(DigitTask.sort, 400, 1, out), Pngs.quietLog());

        assertTrue(r.finalSequenceAccuracy() >= 0.98, () -> "held-out sequences sorted: " + r.finalSequenceAccuracy());
        assertTrue(r.finalDigitAccuracy() >= r.finalSequenceAccuracy());
        assertTrue(r.steps()[0] == 0 && r.sequenceAccuracy()[0] < 0.05 && Double.isNaN(r.trainLoss()[0]),
                "the first point is the untrained model, which sorts next to nothing");
        assertEquals(2, r.weights().length, "one map per layer");
        for (double[][][] layer : r.weights()) {
            assertEquals(2, layer.length, "one map per head");
            for (double[][] head : layer) {
                for (double[] row : head) {
                    assertEquals(6, row.length);
                    assertEquals(1.0, Arrays.stream(row).sum(), 1e-5, "attention weights sum to 1");
                }
            }
        }
        Pngs.assertRealImage(r.attentionMap());
        Pngs.assertRealImage(r.trainingCurves());
    }

    @Test
    void toReverseAHeadLooksAtTheMirroredPosition(@TempDir Path out) {
        AttentionExample.Result r = AttentionExample.run(reduced(DigitTask.reverse, 200, 2, out), Pngs.quietLog());

        assertTrue(r.finalSequenceAccuracy() >= 0.99, () -> "held-out sequences reversed: " + r.finalSequenceAccuracy());
        // some head of some layer puts most of output position i's attention on input position L − 1 − i
        double best = 0;
        for (double[][][] layer : r.weights()) {
            for (double[][] head : layer) {
                double mirrored = 0;
                for (int i = 0; i < head.length; i++) {
                    mirrored += head[i][head.length - 1 - i] / head.length;
                }
                best = Math.max(best, mirrored);
            }
        }
        assertTrue(best > 0.5, "largest mean weight on the mirrored position: " + best);
    }

    @Test
    void theSameSeedGivesTheSameRun(@TempDir Path out) {
        AttentionExample.Result a = AttentionExample.run(reduced(DigitTask.sort, 20, 3, out.resolve("a")),
                Pngs.quietLog());
        AttentionExample.Result b = AttentionExample.run(reduced(DigitTask.sort, 20, 3, out.resolve("b")),
                Pngs.quietLog());
        AttentionExample.Result c = AttentionExample.run(reduced(DigitTask.sort, 20, 4, out.resolve("c")),
                Pngs.quietLog());
        assertArrayEquals(a.trainLoss(), b.trainLoss());
        assertArrayEquals(a.sequenceAccuracy(), b.sequenceAccuracy());
        assertTrue(Arrays.deepEquals(a.weights(), b.weights()));
        assertFalse(Arrays.equals(a.trainLoss(), c.trainLoss()), "another seed, another run");
    }
}
