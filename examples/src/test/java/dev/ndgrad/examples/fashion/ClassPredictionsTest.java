package dev.ndgrad.examples.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Identity;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.data.Dataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ClassPredictionsTest {

    /** The features are the logits themselves: predictions 0, 1, 2, 0 for the labels 0, 1, 1, 2. */
    private static final Dataset LOGITS = Dataset.classification(
            Nd4j.createFromArray(new double[][] {{0.9, 0.1, 0}, {0.2, 0.7, 0.1}, {0.1, 0.2, 0.7}, {0.8, 0.1, 0.1}}),
            Nd4j.createFromArray(0L, 1L, 1L, 2L), List.of("a", "b", "c"));

    @Test
    void accuracyOverallAndPerClassAndTheExamplesPredictedWrong() {
        ClassPredictions p = ClassPredictions.of(new Identity(), LOGITS);

        assertEquals(4, p.size());
        assertArrayEquals(new int[] {2, 3}, p.wrong());
        assertEquals(2, p.predicted(2));
        assertEquals(1, p.expected(2));
        assertEquals(0.5, p.accuracy());
        assertEquals(Map.of("a", 1.0, "b", 0.5, "c", 0.0), p.accuracyByClass());
        assertEquals(List.of("a", "b", "c"), List.copyOf(p.accuracyByClass().keySet()), "in label order");
    }

    @Test
    void theModelRunsInEvaluationModeAndGetsItsModeBack() {
        Module model = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                assertTrue(!isTraining(), "predictions are made in evaluation mode");
                return x;
            }
        };
        model.train();
        ClassPredictions.of(model, LOGITS);
        assertTrue(model.isTraining());
    }
}
