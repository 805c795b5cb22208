package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.kernel.KernelPath;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** unfold (im2col) and fold (col2im) against PyTorch's F.unfold / F.fold, on both kernel paths, and their errors. */
class UnfoldTest {

    private static final DataType D = DataType.DOUBLE;

    /** [1, 2, 3, 4] holding 1..24. */
    private static Tensor image() {
        return Tensor.arange(D, 1, 25, 1).reshape(1, 2, 3, 4);
    }

    /** F.unfold(x, kernel_size=(2, 3), padding=(1, 0), stride=(2, 1)) and F.fold of that back to 3×4. */
    private static final double[] UNFOLDED = {0, 0, 5, 6, 0, 0, 6, 7, 0, 0, 7, 8, 1, 2, 9, 10, 2, 3, 10, 11, 3, 4, 11,
        12, 0, 0, 17, 18, 0, 0, 18, 19, 0, 0, 19, 20, 13, 14, 21, 22, 14, 15, 22, 23, 15, 16, 23, 24};
    private static final double[] FOLDED = {1, 4, 6, 4, 5, 12, 14, 8, 9, 20, 22, 12, 13, 28, 30, 16, 17, 36, 38, 20, 21,
        44, 46, 24};
    /** F.unfold(x, kernel_size=2, dilation=2, padding=1). */
    private static final double[] DILATED = {0, 0, 0, 0, 0, 1, 2, 3, 0, 5, 6, 7, 0, 0, 0, 0, 2, 3, 4, 0, 6, 7, 8, 0, 0,
        5, 6, 7, 0, 9, 10, 11, 0, 0, 0, 0, 6, 7, 8, 0, 10, 11, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 13, 14, 15, 0, 17, 18,
        19, 0, 0, 0, 0, 14, 15, 16, 0, 18, 19, 20, 0, 0, 17, 18, 19, 0, 21, 22, 23, 0, 0, 0, 0, 18, 19, 20, 0, 22, 23,
        24, 0, 0, 0, 0, 0};

    @Test
    @SuppressWarnings("try")
    void matchesPyTorchOnBothPaths() {
        Window2d strided = Window2d.of(2, 3).withPadding(1, 0).withStride(2, 1);
        Window2d dilated = Window2d.of(2).withDilation(2).withPadding(1);
        for (boolean nd4j : new boolean[] {false, true}) {
            try (var scope = nd4j ? KernelPath.nd4jOnly() : null) {
                Tensor cols = image().unfold(strided);
                assertArrayEquals(new long[] {1, 12, 4}, cols.shape());
                assertArrayEquals(UNFOLDED, cols.toDoubleArray(), 0, nd4j ? "ND4J" : "host");
                assertArrayEquals(FOLDED, cols.fold(3, 4, strided).toDoubleArray(), 0);
                Tensor d = image().unfold(dilated);
                assertArrayEquals(new long[] {1, 8, 12}, d.shape());
                assertArrayEquals(DILATED, d.toDoubleArray(), 0);
            }
        }
    }

    @Test
    void foldIsTheAdjointOfUnfold() {
        // ⟨unfold(x), c⟩ = ⟨x, fold(c)⟩ for any x and c
        Window2d w = Window2d.of(3, 2).withStride(2).withPadding(1).withDilation(1, 2);
        Tensor x = Tensor.randn(new Random(1), D, 2, 3, 5, 6);
        Tensor ux = x.unfold(w);
        Tensor c = Tensor.randn(new Random(2), D, ux.shape());
        assertEquals(ux.mul(c).sum().item(), x.mul(c.fold(5, 6, w)).sum().item(), 1e-12);
    }

    @Test
    void unfoldingThenFoldingCountsTheWindowsOverEachPixel() {
        Tensor ones = Tensor.ones(D, 1, 1, 3, 3);
        assertArrayEquals(new double[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, ones.unfold(Window2d.of(2)).fold(3, 3,
                Window2d.of(2)).toDoubleArray(), 0);
    }

    @Test
    void emptyBatchesGiveEmptyResults() {
        Tensor cols = Tensor.zeros(D, 0, 2, 4, 4).unfold(Window2d.of(3));
        assertArrayEquals(new long[] {0, 18, 4}, cols.shape());
        assertArrayEquals(new long[] {0, 2, 4, 4}, cols.fold(4, 4, Window2d.of(3)).shape());
    }

    @Test
    void errorsNameTheOpTheShapesAndTheWindows() {
        var rank = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(D, 3, 4, 4).unfold(Window2d.of(2)));
        assertTrue(rank.getMessage().contains("unfold: input DOUBLE[3, 4, 4] must be [N, C, H, W]"), rank.getMessage());
        var big = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(D, 1, 1, 2, 2).unfold(Window2d.of(3)));
        assertTrue(big.getMessage().contains("unfold: no window fits"), big.getMessage());
        var fold = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ones(D, 1, 5, 4).fold(3, 3, Window2d.of(2)));
        assertTrue(fold.getMessage().contains("fold: input DOUBLE[1, 5, 4] must be [N, C·4, 4]"), fold.getMessage());
        var integer = assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(16).reshape(1, 1, 4, 4).unfold(Window2d.of(2)));
        assertTrue(integer.getMessage().contains("floating-point"), integer.getMessage());
        var window = assertThrows(IllegalArgumentException.class, () -> Window2d.of(2).withStride(0));
        assertTrue(window.getMessage().contains("Window2d: stride must be positive"), window.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Window2d.of(2).withPadding(-1));
        assertThrows(IllegalArgumentException.class, () -> Window2d.of(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Window2d.of(2).withDilation(0));
    }

    @Test
    void outputSizesFollowTheFormula() {
        Window2d w = Window2d.of(3).withStride(2).withPadding(1).withDilation(2);
        assertEquals((28 + 2 - 2 * 2 - 1) / 2 + 1, w.outputHeight(28));
        assertEquals(w.outputHeight(7), w.outputWidth(7));
        assertEquals("kernel=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(2, 2)", w.toString());
    }
}
