package dev.ndgrad.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    /** A 2 × 3 picture: a black top row and a white bottom row. */
    private static final double[] HALF = {0, 0, 0, 1, 1, 1};

    @Test
    void pixelsAreEnlargedGreySquaresFromBlackAtZeroToWhiteAtOne(@TempDir Path dir) throws Exception {
        ImageGrid.Tile tile = new ImageGrid.Tile(HALF, 2, 3, List.of("true: a", "predicted: b"));
        BufferedImage image = Pngs.assertRealImage(ImageGrid.save(dir.resolve("grid.png"), "",
                List.of(tile, tile), 2, 10));
        BufferedImage drawn = ImageGrid.draw("", List.of(tile, tile), 2, 10);
        assertEquals(drawn.getWidth(), image.getWidth());
        // no title and captions below: the first black pixel is the first tile's top-left one
        int[] corner = firstOf(drawn, Color.BLACK.getRGB());
        assertEquals(Color.BLACK.getRGB(), drawn.getRGB(corner[0] + 29, corner[1] + 9), "top row black, 30 px wide");
        assertEquals(Color.WHITE.getRGB(), drawn.getRGB(corner[0] + 29, corner[1] + 10), "bottom row white");
        assertEquals(Color.WHITE.getRGB(), drawn.getRGB(corner[0] + 30, corner[1]), "the tile ends after 3 x 10 px");
    }

    @Test
    void theSecondCaptionLineIsHighlighted() {
        BufferedImage drawn = ImageGrid.draw("t", List.of(new ImageGrid.Tile(HALF, 2, 3, List.of("true: Coat",
                "predicted: Shirt"))), 1, 10);
        assertTrue(firstOf(drawn, ImageGrid.HIGHLIGHT.getRGB()) != null, "the prediction is drawn in the highlight");
    }

    @Test
    void valuesOutsideTheRangeAreClippedAndBadTilesAreClearErrors() {
        ImageGrid.draw("clipped", List.of(new ImageGrid.Tile(new double[] {-3, 7, Double.NaN, 0.5}, 2, 2,
                List.of())), 4, 2);
        var size = assertThrows(IllegalArgumentException.class,
                () -> new ImageGrid.Tile(HALF, 2, 2, List.of()));
        assertTrue(size.getMessage().contains("6 pixels for 2x2"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImageGrid.Tile(HALF, 2, 3, List.of("a", "b", "c")));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.save(Path.of("x.png"), "none", List.of(), 4, 2));
    }

    /** The first pixel of {@code rgb}, scanning rows top to bottom; null if there is none. */
    private static int[] firstOf(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == rgb) {
                    return new int[] {x, y};
                }
            }
        }
        return null;
    }
}
