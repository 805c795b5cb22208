package dev.ndgrad.examples.plot;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;

class HeatMapsTest {

    private static final List<String> LABELS = List.of("a", "b", "a");   // labels may repeat

    /** The identity: dark cells on the diagonal from the top left, white elsewhere. */
    private static final double[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    @Test
    void rowZeroIsDrawnAtTheTopAsAMatrixIsRead(@TempDir Path dir) throws Exception {
        HeatMapChart chart = HeatMaps.of("identity", "column", "row", LABELS, LABELS, IDENTITY, 0, 1, 500, 400);
        BufferedImage image = Pngs.assertRealImage(Plots.save(chart, dir.resolve("identity.png")));
        // the plot area spans most of the picture: sample a point in the upper left and the upper right cell
        int darkLeft = 0;
        int darkRight = 0;
        for (int y = image.getHeight() / 5; y < image.getHeight() / 3; y++) {
            darkLeft += dark(image.getRGB(image.getWidth() / 5, y)) ? 1 : 0;
            darkRight += dark(image.getRGB(image.getWidth() * 3 / 5, y)) ? 1 : 0;
        }
        assertTrue(darkLeft > 0 && darkRight == 0, "cell (0, 0) dark at the top left, (0, 2) white: " + darkLeft
                + ", " + darkRight);
    }

    @Test
    void heatMapsGoInAGridLikeOtherCharts(@TempDir Path dir) throws Exception {
        HeatMapChart a = HeatMaps.of("a", "c", "r", LABELS, LABELS, IDENTITY, 0, 1, 300, 250);
        HeatMapChart b = HeatMaps.of("b", "c", "r", LABELS, LABELS, IDENTITY, 0, 2, 300, 250);
        Pngs.assertRealImage(Plots.saveGrid(dir.resolve("grid.png"), 2, List.of(a, b)));
    }

    @Test
    void labelsThatDoNotFitTheMatrixAreAClearError() {
        var rows = assertThrows(IllegalArgumentException.class,
                () -> HeatMaps.of("m", "c", "r", LABELS, List.of("x"), IDENTITY, 0, 1, 300, 250));
        assertTrue(rows.getMessage().contains("3 rows but 1 labels"), rows.getMessage());
        var columns = assertThrows(IllegalArgumentException.class,
                () -> HeatMaps.of("m", "c", "r", List.of("x", "y"), LABELS, IDENTITY, 0, 1, 300, 250));
        assertTrue(columns.getMessage().contains("row 0 has 3 values but there are 2 column labels"),
                columns.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HeatMaps.of("m", "c", "r", LABELS, LABELS, IDENTITY, 1, 1, 300, 250));
    }

    private static boolean dark(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() + c.getGreen() + c.getBlue() < 300;
    }
}
