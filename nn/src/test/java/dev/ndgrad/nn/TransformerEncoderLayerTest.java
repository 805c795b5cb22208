package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The encoder block: PyTorch's state dict, the two norm placements written out, dropout, activation, errors. */
class TransformerEncoderLayerTest {

    private static final DataType D = DataType.DOUBLE;

    private static TransformerEncoderLayer layer(boolean normFirst, Module activation) {
        Init.manualSeed(1);
        TransformerEncoderLayer t = new TransformerEncoderLayer(4, 2, 6, 0.0, activation, 1e-5, normFirst);
        t.to(D);
        return t;
    }

    @Test
    void stateDictIsPyTorchs() {
        assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
                "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"),
                List.copyOf(new TransformerEncoderLayer(8, 2).stateDict().keySet()));
        assertEquals(List.of("self_attn", "linear1", "dropout", "linear2", "norm1", "norm2", "dropout1", "dropout2",
                "activation"), List.copyOf(new TransformerEncoderLayer(8, 2, 16, 0.1).namedChildren().keySet()));
        assertArrayEquals(new long[] {2048, 8},
                new TransformerEncoderLayer(8, 2).namedParameters().get("linear1.weight").shape(), "PyTorch's default width");
    }

    @Test
    void postNormAndPreNormAreTheDocumentedCompositions() {
        Tensor x = Fixtures.randn(2, 2, 3, 4);
        for (boolean normFirst : new boolean[] {false, true}) {
            TransformerEncoderLayer t = layer(normFirst, new ReLU());
            MultiheadAttention sa = (MultiheadAttention) t.namedChildren().get("self_attn");
            Linear l1 = (Linear) t.namedChildren().get("linear1");
            Linear l2 = (Linear) t.namedChildren().get("linear2");
            LayerNorm n1 = (LayerNorm) t.namedChildren().get("norm1");
            LayerNorm n2 = (LayerNorm) t.namedChildren().get("norm2");
            Tensor expected;
            if (normFirst) {
                Tensor y = x.add(sa.forward(n1.forward(x)));
                expected = y.add(l2.forward(l1.forward(n2.forward(y)).relu()));
            } else {
                Tensor y = n1.forward(x.add(sa.forward(x)));
                expected = n2.forward(y.add(l2.forward(l1.forward(y).relu())));
            }
            assertArrayEquals(expected.toDoubleArray(), t.forward(x).toDoubleArray(), 1e-14, "normFirst=" + normFirst);
        }
    }

    @Test
    void theActivationIsAModuleOfTheUsersChoice() {
        Tensor x = Fixtures.randn(3, 1, 2, 4);
        double[] relu = layer(false, new ReLU()).forward(x).toDoubleArray();
        double[] tanh = layer(false, new Tanh()).forward(x).toDoubleArray();
        assertNotEquals(relu[0], tanh[0]);
    }

    @Test
    void dropoutOnlyInTraining() {
        Init.manualSeed(2);
        TransformerEncoderLayer t = new TransformerEncoderLayer(4, 2, 6, 0.5);
        t.to(D);
        Tensor x = Fixtures.randn(4, 2, 3, 4);
        double[] train = t.forward(x).toDoubleArray();
        t.eval();
        double[] eval1 = t.forward(x).toDoubleArray();
        assertArrayEquals(eval1, t.forward(x).toDoubleArray(), 0, "deterministic in eval");
        assertNotEquals(train[0], eval1[0]);
    }

    @Test
    void errorsNameTheLayerAndTheShape() {
        TransformerEncoderLayer t = layer(false, new ReLU());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.forward(Fixtures.randn(1, 2, 4)));
        assertTrue(e.getMessage().contains("TransformerEncoderLayer(d_model=4): input DOUBLE[2, 4] must be [batch, length, 4]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(5, 2));
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(4, 2, 0, 0.1));
    }
}
