package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Lookup, shapes, the padding row (zero at the start, never a gradient) and the errors. */
@SuppressWarnings("deprecation")   // DataType.INT: an integer dtype ND4J creates
class EmbeddingTest {

    private static final DataType D = DataType.DOUBLE;

    @Test
    void looksUpRowsForIndicesOfAnyShape() {
        Embedding e = new Embedding(4, 3, D, new Random(1));
        Tensor w = e.weight();
        Tensor out = e.forward(Tensor.indices(3, 0, 3, 1, 2, 2).reshape(2, 3));
        assertArrayEquals(new long[] {2, 3, 3}, out.shape());
        assertArrayEquals(w.slice(0, 3, 4).toDoubleArray(), out.slice(0, 0, 1).slice(1, 0, 1).toDoubleArray(), 0);
        assertArrayEquals(w.slice(0, 2, 3).toDoubleArray(), out.slice(0, 1, 2).slice(1, 2, 3).toDoubleArray(), 0);
        assertArrayEquals(new long[] {3}, e.forward(Tensor.indices(1).reshape()).shape(), "a scalar index gives [dim]");
        Tensor ints = Tensor.indices(1, 2).to(DataType.INT);
        assertArrayEquals(e.forward(Tensor.indices(1, 2)).toDoubleArray(), e.forward(ints).toDoubleArray(), 0);
        assertEquals(List.of("weight"), List.copyOf(e.namedParameters().keySet()));
        assertEquals("Embedding(4, 3)", e.toString().replaceAll("  #.*", ""));
    }

    @Test
    void gradientAddsUpAtRepeatedIndices() {
        Embedding e = new Embedding(4, 2, D, new Random(2));
        e.forward(Tensor.indices(1, 3, 1, 1)).sum().backward();
        assertArrayEquals(new double[] {0, 0, 3, 3, 0, 0, 1, 1}, e.weight().grad().toDoubleArray(), 0);
    }

    @Test
    void thePaddingRowStartsAtZeroPassesItsValueAndGetsNoGradient() {
        Embedding e = new Embedding(5, 2, 3, D, new Random(3));
        assertArrayEquals(new double[] {0, 0}, e.weight().slice(0, 3, 4).toDoubleArray(), 0);
        Init.normal(e.weight(), 1.0, new Random(4));                // e.g. loaded from a checkpoint
        Tensor padRow = e.weight().slice(0, 3, 4).reshape(2);
        Tensor out = e.forward(Tensor.indices(3, 0, 3));
        assertArrayEquals(padRow.toDoubleArray(), out.slice(0, 0, 1).toDoubleArray(), 0);
        out.mul(out).sum().backward();
        double[] g = e.weight().grad().toDoubleArray();
        assertArrayEquals(new double[] {0, 0}, new double[] {g[6], g[7]}, 0, "no gradient for the padding row");
        assertTrue(g[0] != 0 || g[1] != 0, "the other rows still learn");
        assertEquals(4, new Embedding(5, 2, -1, D, new Random(5)).paddingIdx(), "−1 counts from the end");
        assertEquals(-1, new Embedding(5, 2).paddingIdx());
    }

    @Test
    void errorsNameTheLayerAndTheProblem() {
        Embedding e = new Embedding(4, 3, D, new Random(1));
        assertMessage(IllegalArgumentException.class, () -> e.forward(Tensor.of(1.0, 2.0)), "Embedding(4, 3): indices");
        assertMessage(IndexOutOfBoundsException.class, () -> e.forward(Tensor.indices(0, 4)),
                "Embedding(4, 3): index 4 at position 1");
        assertMessage(IndexOutOfBoundsException.class, () -> e.forward(Tensor.indices(-1)), "out of range [0, 4)");
        assertMessage(IllegalArgumentException.class, () -> new Embedding(4, 3, 4), "padding index 4");
        assertMessage(IllegalArgumentException.class, () -> new Embedding(4, 3, -5), "padding index -5");
        assertMessage(IllegalArgumentException.class, () -> new Embedding(0, 3), "must be positive");
    }
}
