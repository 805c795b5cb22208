package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Rows, shapes, counts and the table of the model summary; the model is left as it was. */
class ModelSummaryTest {

    private static final DataType D = DataType.DOUBLE;

    @Test
    void rowsFollowTheTreeWithOutputShapesAndOwnParameterCounts() {
        Sequential model = new Sequential(new Linear(4, 5, true, D, 1L), new ReLU(),
                new Sequential(new Linear(5, 3, true, D, 2L), new Tanh()));
        ModelSummary s = ModelSummary.of(model, Fixtures.randn(1, 2, 4));
        assertEquals(List.of("", "0", "1", "2", "2.0", "2.1"),
                s.rows().stream().map(ModelSummary.Row::name).collect(Collectors.toList()));
        assertEquals(List.of("Sequential", "Linear", "ReLU", "Sequential", "Linear", "Tanh"),
                s.rows().stream().map(ModelSummary.Row::type).collect(Collectors.toList()));
        assertEquals(List.of(0, 1, 1, 1, 2, 2), s.rows().stream().map(ModelSummary.Row::depth).collect(Collectors.toList()));
        assertEquals(List.of(0L, 25L, 0L, 0L, 18L, 0L),
                s.rows().stream().map(ModelSummary.Row::parameters).collect(Collectors.toList()));
        assertArrayEquals(new long[] {2, 5}, s.rows().get(1).outputShapes().get(0));
        assertArrayEquals(new long[] {2, 3}, s.rows().get(0).outputShapes().get(0));
        assertEquals(43, s.totalParameters());
        assertEquals(43, s.trainableParameters());
        String table = s.toString();
        assertTrue(table.contains("├─0 (Linear)"), table);
        assertTrue(table.contains("└─2 (Sequential)"), table);
        assertTrue(table.contains("  ├─0 (Linear)"), table);
        assertTrue(table.contains("[2, 5]"), table);
        assertTrue(table.contains("Total params: 43"), table);
        assertTrue(table.contains("Non-trainable params: 0"), table);
    }

    @Test
    void severalOutputsSharedLayersAndFrozenParameters() {
        LSTM lstm = new LSTM(3, 4, RecurrentOptions.defaults().withDtype(D).withSeed(1).withNumLayers(2));
        ModelSummary s = ModelSummary.of(lstm, Fixtures.randn(2, 5, 7, 3));
        List<long[]> shapes = s.rows().get(0).outputShapes();
        assertEquals(3, shapes.size());
        assertArrayEquals(new long[] {5, 7, 4}, shapes.get(0));
        assertArrayEquals(new long[] {2, 5, 4}, shapes.get(2));
        assertTrue(s.toString().contains("[5, 7, 4], [2, 5, 4], [2, 5, 4]"), s.toString());

        Linear shared = new Linear(3, 3, true, D, 3L);
        Sequential twice = new Sequential(shared, new Tanh(), shared);
        twice.parameters().get(1).requiresGrad(false);   // a frozen bias
        ModelSummary t = ModelSummary.of(twice, Fixtures.randn(4, 1, 3));
        assertEquals(12, t.totalParameters(), "a shared tensor counts once in the totals");
        assertEquals(9, t.trainableParameters());
        assertEquals(2, t.rows().get(1).calls());
        assertTrue(t.toString().contains("×2"), t.toString());
    }

    @Test
    void theModelIsLeftInItsModeAndItsBuffersUnchanged() {
        BatchNorm1d norm = new BatchNorm1d(3, 1e-5, 0.1, D);
        Sequential model = new Sequential(new Linear(2, 3, true, D, 1L), norm, new Dropout(0.5, 2L));
        model.get(2).eval();   // mixed modes are restored as they were
        var before = Fixtures.snapshot(model);
        ModelSummary.of(model, Fixtures.randn(5, 4, 2));
        Fixtures.assertBitIdentical(before, model);
        assertTrue(model.isTraining());
        assertTrue(norm.isTraining());
        assertFalse(model.get(2).isTraining());
    }

    @Test
    void aChildCalledDirectlyByACustomModuleShowsNoShape() {
        Module custom = new Module() {
            final Linear inner = child("inner", new Linear(2, 2, true, D, 1L));

            @Override
            public Tensor forward(Tensor x) {
                return inner.forward(x);   // forward, not call: no hook runs (as in PyTorch)
            }
        };
        ModelSummary s = ModelSummary.of(custom, Fixtures.randn(6, 1, 2));
        assertTrue(s.rows().get(1).outputShapes().isEmpty());
        assertEquals(0, s.rows().get(1).calls());
        assertTrue(s.toString().contains("--"), s.toString());
        assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(custom));
    }
}
