package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageAugmentationTest {

    /** n images of 3x4 pixels with values 1..12 (+ 100 per image). */
    private static INDArray images(int n) {
        float[][] rows = new float[n][12];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 12; p++) {
                rows[i][p] = 100 * i + p + 1;
            }
        }
        return Nd4j.createFromArray(rows);
    }

    @Test
    void alwaysFlippingReversesEveryPixelRow() {
        INDArray x = images(2);
        INDArray y = ImageAugmentation.builder(3, 4).horizontalFlip(1).build().apply(x, new Random(0));
        assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9}, y.getRow(0).toFloatVector());
        assertArrayEquals(new float[] {104, 103, 102, 101, 108, 107, 106, 105, 112, 111, 110, 109},
                y.getRow(1).toFloatVector(), "second image too");
        assertEquals(DataType.FLOAT, y.dataType());
        assertEquals(images(2), x, "the input is not changed");
        INDArray doubles = ImageAugmentation.builder(3, 4).horizontalFlip(1).build()
                .apply(x.castTo(DataType.DOUBLE), new Random(0));
        assertEquals(DataType.DOUBLE, doubles.dataType());
        assertEquals(y.castTo(DataType.DOUBLE), doubles);
    }

    @Test
    void shiftsMoveContentAndFillWithZeros() {
        ImageAugmentation shift = ImageAugmentation.builder(3, 4).maxShift(1).build();
        INDArray x = images(1).repeat(0, 200);
        INDArray y = shift.apply(x, new Random(3));
        Set<String> seen = new HashSet<>();
        float[] original = x.getRow(0).toFloatVector();
        for (int i = 0; i < 200; i++) {
            float[] img = y.getRow(i).toFloatVector();
            int[] d = findShift(original, img);
            seen.add(d[0] + "," + d[1]);
        }
        assertEquals(9, seen.size(), "all shifts in [-1, 1]² occur: " + seen);
    }

    /** The (dy, dx) that maps original onto img with zero fill, or fails. */
    private static int[] findShift(float[] original, float[] img) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                boolean match = true;
                for (int y = 0; y < 3 && match; y++) {
                    for (int x = 0; x < 4 && match; x++) {
                        int sy = y - dy;
                        int sx = x - dx;
                        float expected = sy < 0 || sy >= 3 || sx < 0 || sx >= 4 ? 0 : original[sy * 4 + sx];
                        match = img[y * 4 + x] == expected;
                    }
                }
                if (match) {
                    return new int[] {dy, dx};
                }
            }
        }
        throw new AssertionError("not a shift of the original by at most 1 pixel");
    }

    @Test
    void sameSeedSameAugmentationOtherSeedOther() {
        ImageAugmentation a = ImageAugmentation.builder(3, 4).horizontalFlip(0.5).maxShift(1).build();
        INDArray x = images(16);
        assertEquals(a.apply(x, new Random(1)), a.apply(x, new Random(1)));
        assertNotEquals(a.apply(x, new Random(1)), a.apply(x, new Random(2)));
        assertEquals(x, ImageAugmentation.builder(3, 4).build().apply(x, new Random(1)), "the default does nothing");
    }

    @Test
    void runsInsideTheLoaderPerBatch() {
        Dataset d = Dataset.classification(images(8), Nd4j.createFromArray(new long[8]));
        DataLoader loader = DataLoader.builder(d).batchSize(4).transform(ImageAugmentation.builder(3, 4)
                .horizontalFlip(1).build()).build();
        Batch first = loader.iterator().next();
        assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9},
                first.features().data().getRow(0).toFloatVector());
    }

    @Test
    void rejectsImagesOfTheWrongSizeAndBadSettings() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ImageAugmentation.builder(3, 3).build().apply(images(1), new Random(0)));
        assertTrue(e.getMessage().contains("[1, 12] are not rows of 3x3 = 9 pixels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.builder(3, 4).horizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.builder(3, 4).maxShift(3));
        assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.builder(0, 4));
    }
}
