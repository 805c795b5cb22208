package dev.ndgrad.optim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class AccuracyTest {

    @Test
    void anAccuracyTravelsThroughJavaSerializationWithItsRule() throws Exception {
        var scores = Nd4j.createFromArray(new float[][] {{-0.2f}, {0.3f}, {0.7f}, {0f}});
        var labels = Nd4j.createFromArray(0L, 1L, 1L, 1L);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(Accuracy.binary(0.2));
        }
        Metric copy;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Metric) in.readObject();
        }
        assertEquals("Accuracy[binary, score >= 0.2]", copy.toString());
        assertEquals(0.75, copy.evaluate(scores, labels), 1e-12);
    }

    @Test
    void multiclassTakesTheArgmax() {
        var logits = Nd4j.createFromArray(new float[][] {{0.1f, 2, -1}, {3, 0, 0}, {0, 0, 5}, {1, 0.5f, 0}});
        var labels = Nd4j.createFromArray(1L, 0L, 1L, 0L);
        assertEquals(0.75, Accuracy.multiclass().evaluate(logits, labels), 1e-12);
        assertEquals(0.75, Accuracy.auto().evaluate(logits, labels), 1e-12);
    }

    @Test
    void binaryThresholdsLogitsAtZeroAndProbabilitiesAtOneHalf() {
        var scores = Nd4j.createFromArray(new float[][] {{-0.2f}, {0.3f}, {0.7f}, {0f}});
        var labels = Nd4j.createFromArray(0L, 1L, 1L, 1L);
        assertEquals(1.0, Accuracy.binaryFromLogits().evaluate(scores, labels), 1e-12); // z = 0 counts as class 1
        assertEquals(0.5, Accuracy.binaryFromProbabilities().evaluate(scores, labels), 1e-12); // 0.3, 0 → class 0
        assertEquals(0.75, Accuracy.binary(0.2).evaluate(scores, labels), 1e-12);
        var floatTargets = Nd4j.createFromArray(new float[][] {{0}, {1}, {1}, {1}});
        assertEquals(1.0, Accuracy.binaryFromLogits().evaluate(scores, floatTargets), 1e-12);
        assertEquals(0.5, Accuracy.binaryFromProbabilities().evaluate(scores.reshape(4), labels), 1e-12);
    }

    @Test
    void aSingleOutputIsAmbiguousForAuto() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Accuracy.auto().evaluate(Nd4j.rand(3, 1), Nd4j.createFromArray(0L, 1L, 1L)));
        assertTrue(e.getMessage().contains("binaryFromLogits") && e.getMessage().contains("[3, 1]"), e.getMessage());
        var sizes = assertThrows(IllegalArgumentException.class,
                () -> Accuracy.multiclass().evaluate(Nd4j.rand(3, 2), Nd4j.createFromArray(0L, 1L)));
        assertTrue(sizes.getMessage().contains("3 outputs [3, 2] but 2 labels"), sizes.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Accuracy.binaryFromLogits().evaluate(Nd4j.rand(2, 2), Nd4j.createFromArray(0L, 1L)));
    }
}
