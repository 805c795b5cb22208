package dev.ndgrad.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class PlotsTest {

    @Test
    void aLineChartWithAGapAndALogAxisIsARealImage(@TempDir Path dir) throws Exception {
        XYChart chart = Plots.logY(Plots.lineChart("loss", "epoch", "loss"));
        Plots.addCurve(chart, "train", new double[] {1, 0.5, Double.NaN, 0.1, 0});
        Plots.addCurve(chart, "dev", new double[] {1.2, 0.7, 0.4, 0.3, 0.25});
        BufferedImage image = Pngs.assertRealImage(Plots.save(chart, dir.resolve("sub/curves.png")));
        assertEquals(Plots.WIDTH, image.getWidth());
    }

    @Test
    void aSingleEpochIsDrawnAsAMarker(@TempDir Path dir) throws Exception {
        XYChart chart = Plots.lineChart("loss", "epoch", "loss");
        var single = Plots.addCurve(chart, "train", new double[] {0.7});
        var line = Plots.addCurve(chart, "dev", new double[] {0.9, 0.8, Double.NaN, Double.NaN});
        assertEquals(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE, single.getMarker());
        assertEquals(org.knowm.xchart.style.markers.SeriesMarkers.NONE, line.getMarker());
        assertTrue(Plots.hasIsolatedPoint(new double[] {1, Double.NaN, 2, 3}));
        assertFalse(Plots.hasIsolatedPoint(new double[] {Double.NaN, 2, 3, Double.NaN}));
        BufferedImage image = Pngs.assertRealImage(Plots.save(chart, dir.resolve("one-epoch.png")));
        int rgb = single.getMarkerColor().getRGB();
        int seen = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen += image.getRGB(x, y) == rgb ? 1 : 0;
            }
        }
        assertTrue(seen >= 9, "the single point's marker covers " + seen + " pixels of its colour");
    }

    @Test
    void aGridThatIsNotFullLeavesTheLastCellsWhite(@TempDir Path dir) throws Exception {
        List<XYChart> charts = List.of(small("a"), small("b"), small("c"));
        BufferedImage image = Pngs.assertRealImage(Plots.saveGrid(dir.resolve("grid.png"), 2, charts));
        assertEquals(2 * 300, image.getWidth());
        assertEquals(2 * 200, image.getHeight());
        assertEquals(0xFFFFFFFF, image.getRGB(450, 300), "the empty fourth cell is white");
    }

    @Test
    void regionsAndBandsShadeTheBackground(@TempDir Path dir) throws Exception {
        Grid.Bounds bounds = new Grid.Bounds(-1, 1, -1, 1);
        XYChart regions = Plots.planeChart("regions", "x", "y", bounds);
        Plots.addRegions(regions, Grid.sample(bounds, 40, (x, y) -> x * y > 0 ? 1 : 0),
                List.of(Plots.light(Plots.PALETTE.get(0)), Plots.light(Plots.PALETTE.get(1))));
        XYChart bands = Plots.planeChart("bands", "x", "y", bounds);
        Plots.addBands(bands, Grid.sample(bounds, 40, (x, y) -> x * x + 10 * y * y), 8, Math::log1p);
        Pngs.assertRealImage(Plots.saveSideBySide(dir.resolve("both.png"), regions, bands));
    }

    @Test
    void aFileThatIsNotPngIsRejectedAndNothingIsLeftBehind(@TempDir Path dir) throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.save(small("x"), dir.resolve("x.jpg")));
        assertTrue(e.getMessage().contains("x.jpg"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent());
        }
    }

    @Test
    void mismatchedCurveLengthsAreAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.addCurve(small("x"), "bad", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("'bad'") && e.getMessage().contains("2 x values but 1 y values"),
                e.getMessage());
    }

    @Test
    void gridPointsRunOverXFirstThenY() {
        Grid grid = Grid.sample(new Grid.Bounds(0, 1, 10, 20), 3, (x, y) -> 100 * x + y);
        assertEquals(0.5, grid.x(1), 1e-12);
        assertEquals(15, grid.y(1), 1e-12);
        assertEquals(100 * 1 + 20, grid.value(2, 2), 1e-12);
        assertEquals(100 * 0.5 + 10, grid.value(0, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Grid.Bounds(1, 1, 0, 1));
    }

    private static XYChart small(String title) {
        XYChart chart = Plots.lineChart(title, "x", "y", 300, 200);
        Plots.addCurve(chart, title, new double[] {1, 3, 2});
        return chart;
    }
}
