package dev.ndgrad.examples.plot;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleToIntFunction;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The examples' pictures, drawn with XChart and written as PNG: line charts of curves (loss,
 * accuracy), scatter plots over a shaded background (decision regions, contour bands of a loss
 * surface), paths (optimizer trajectories), and several charts side by side in one image.
 *
 * <p>A shaded background is a grid of square markers, one series per colour, hidden from the legend:
 * XChart has no image layer under an XY plot, and a dense enough grid reads as filled regions.
 */
public final class Plots {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 560;

    /** Distinct, colour-blind-friendly series colours (Okabe–Ito). */
    public static final List<Color> PALETTE = List.of(new Color(0, 114, 178), new Color(213, 94, 0),
            new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233),
            new Color(0, 0, 0), new Color(240, 228, 66));

    static {
        // Charts are rendered off-screen: no display is needed (or wanted) on a server or in CI.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {}

    /** An empty line chart with a legend inside the plot, at the top right. */
    public static XYChart lineChart(String title, String xLabel, String yLabel) {
        return lineChart(title, xLabel, yLabel, WIDTH, HEIGHT);
    }

    /** An empty line chart of the given size in pixels (smaller ones for a grid of charts). */
    public static XYChart lineChart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 210));
        return chart;
    }

    /** A chart whose axes are the plane of a picture ({@code x₁}, {@code x₂}), clipped to {@code bounds}. */
    public static XYChart planeChart(String title, String xLabel, String yLabel, Grid.Bounds bounds) {
        return planeChart(title, xLabel, yLabel, bounds, WIDTH, HEIGHT);
    }

    /** A plane chart of the given size in pixels. */
    public static XYChart planeChart(String title, String xLabel, String yLabel, Grid.Bounds bounds, int width,
            int height) {
        XYChart chart = lineChart(title, xLabel, yLabel, width, height);
        chart.getStyler().setXAxisMin(bounds.xMin()).setXAxisMax(bounds.xMax());
        chart.getStyler().setYAxisMin(bounds.yMin()).setYAxisMax(bounds.yMax());
        chart.getStyler().setPlotGridLinesVisible(false);
        return chart;
    }

    /** Adds {@code y[i]} against {@code i + 1} (epochs, iterations), in the next palette colour. */
    public static XYSeries addCurve(XYChart chart, String name, double[] y) {
        double[] x = new double[y.length];
        Arrays.setAll(x, i -> i + 1);
        return addCurve(chart, name, x, y);
    }

    /**
     * Adds the curve {@code (x[i], y[i])}, without markers unless a point has no neighbour to draw a line to (a
     * single epoch, a value between gaps): that curve gets round markers, so that no value goes unseen. Non-finite
     * values become gaps, and on a logarithmic axis so do values ≤ 0.
     */
    public static XYSeries addCurve(XYChart chart, String name, double[] x, double[] y) {
        checkArgument(x.length == y.length, "Plots.addCurve '%s': %s x values but %s y values", name, x.length,
                y.length);
        checkArgument(y.length > 0, "Plots.addCurve '%s': no points", name);
        boolean log = chart.getStyler().isYAxisLogarithmic();
        double[] shown = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            shown[i] = Double.isFinite(y[i]) && (!log || y[i] > 0) ? y[i] : Double.NaN;
        }
        Color color = nextColor(chart);
        XYSeries series = chart.addSeries(name, x, shown);
        series.setMarker(hasIsolatedPoint(shown) ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        series.setMarkerColor(color);
        series.setLineColor(color);
        series.setLineWidth(2f);
        return series;
    }

    /** Whether a finite value has no finite value beside it, so that a line alone would not show it. */
    static boolean hasIsolatedPoint(double[] y) {
        for (int i = 0; i < y.length; i++) {
            boolean before = i > 0 && !Double.isNaN(y[i - 1]);
            boolean after = i + 1 < y.length && !Double.isNaN(y[i + 1]);
            if (!Double.isNaN(y[i]) && !before && !after) {
                return true;
            }
        }
        return false;
    }

    /** A logarithmic y axis (loss curves spanning decades): call before adding curves. */
    public static XYChart logY(XYChart chart) {
        chart.getStyler().setYAxisLogarithmic(true);
        return chart;
    }

    /** Adds a dashed line through {@code (x[i], y[i])} (a reference level, a marked epoch), without markers. */
    public static XYSeries addDashedLine(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        return series;
    }

    /** Adds points drawn as filled circles of one colour. */
    public static XYSeries addPoints(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(color);
        return series;
    }

    /** Adds a path (an optimizer's trajectory): a line with a marker at every step. */
    public static XYSeries addPath(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(color);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(2f));
        return series;
    }

    /**
     * Shades a background by class: cell {@code (i, j)} gets {@code colors[k]} where
     * {@code k = (int) grid.value(i, j)}. Call before adding the points that go on top.
     */
    public static void addRegions(XYChart chart, Grid classes, List<Color> colors) {
        int n = colors.size();
        List<List<double[]>> cells = cellsByLevel(classes, n, v -> (int) v);
        for (int k = 0; k < n; k++) {
            addCells(chart, "region " + k, cells.get(k), colors.get(k), classes.resolution());
        }
    }

    /**
     * Contour-ish bands of a surface: {@code levels} bands evenly spaced in {@code transform(value)}
     * between its minimum and maximum on the grid, shaded from light (low) to dark (high) blue-grey.
     * Use {@code Math::log} for a loss surface whose interesting part is near its minimum.
     */
    public static void addBands(XYChart chart, Grid surface, int levels, DoubleUnaryOperator transform) {
        checkArgument(levels >= 2, "Plots.addBands: %s levels < 2", levels);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < surface.resolution(); i++) {
            for (int j = 0; j < surface.resolution(); j++) {
                double t = transform.applyAsDouble(surface.value(i, j));
                if (Double.isFinite(t)) {
                    min = Math.min(min, t);
                    max = Math.max(max, t);
                }
            }
        }
        double lo = min;
        double width = max > min ? (max - min) / levels : 1;
        List<List<double[]>> cells = cellsByLevel(surface, levels, v -> {
            double t = transform.applyAsDouble(v);
            return Double.isFinite(t) ? Math.min(levels - 1, (int) ((t - lo) / width)) : levels - 1;
        });
        for (int k = 0; k < levels; k++) {
            float shade = 0.97f - 0.55f * k / (levels - 1);
            addCells(chart, "band " + k, cells.get(k), new Color(shade * 0.92f, shade * 0.95f, shade),
                    surface.resolution());
        }
    }

    /** A light version of a colour, for regions behind points of the full colour. */
    public static Color light(Color color) {
        return new Color((color.getRed() + 3 * 255) / 4, (color.getGreen() + 3 * 255) / 4,
                (color.getBlue() + 3 * 255) / 4);
    }

    /** Writes the chart (a line chart, a heat map, …) as a PNG (creating the parent folder) and returns the file. */
    public static Path save(Chart<?, ?> chart, Path file) {
        return write(file, target -> BitmapEncoder.saveBitmap(chart, target.toString(), BitmapFormat.PNG));
    }

    /** Writes several charts side by side in one PNG. */
    public static Path saveSideBySide(Path file, Chart<?, ?>... charts) {
        checkArgument(charts.length > 0, "Plots.saveSideBySide: no charts");
        return saveGrid(file, charts.length, List.of(charts));
    }

    /**
     * Writes charts in a grid of {@code columns} columns, filled row by row; a last row that is not full
     * is left white. Each cell is as large as the largest chart.
     */
    public static Path saveGrid(Path file, int columns, List<? extends Chart<?, ?>> charts) {
        checkArgument(!charts.isEmpty() && columns > 0, "Plots.saveGrid: %s charts in %s columns", charts.size(),
                columns);
        int cols = Math.min(columns, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        int cellWidth = charts.stream().mapToInt(Chart::getWidth).max().orElseThrow();
        int cellHeight = charts.stream().mapToInt(Chart::getHeight).max().orElseThrow();
        BufferedImage image = new BufferedImage(cols * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int k = 0; k < charts.size(); k++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(k)), (k % cols) * cellWidth,
                        (k / cols) * cellHeight, null);
            }
        } finally {
            g.dispose();
        }
        return saveImage(file, image);
    }

    /** Writes an image drawn by hand (a grid of pictures, not a chart) as a PNG and returns the file. */
    public static Path saveImage(Path file, BufferedImage image) {
        return write(file, target -> {
            if (!ImageIO.write(image, "png", target.toFile())) {
                throw new IOException("no PNG image writer in this JVM");
            }
        });
    }

    /** Writes a PNG to the given file. */
    private interface PngWriter {
        void writeTo(Path target) throws IOException;
    }

    /**
     * Writes through a temporary file beside {@code file}, renamed over it at the end: a failure (or a crash)
     * never leaves an empty or half-written PNG behind.
     */
    private static Path write(Path file, PngWriter writer) {
        checkArgument(file.getFileName().toString().endsWith(".png"), "Plots: %s must end in .png", file);
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp.png");
        try {
            Files.createDirectories(target.getParent());
            writer.writeTo(temporary);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("Plots: cannot write " + file + ": " + e.getMessage(), (IOException) e);
        }
    }

    private static List<List<double[]>> cellsByLevel(Grid grid, int levels, DoubleToIntFunction level) {
        List<List<double[]>> cells = new ArrayList<>();
        for (int k = 0; k < levels; k++) {
            cells.add(new ArrayList<>());
        }
        for (int i = 0; i < grid.resolution(); i++) {
            for (int j = 0; j < grid.resolution(); j++) {
                int k = Math.max(0, Math.min(levels - 1, level.applyAsInt(grid.value(i, j))));
                cells.get(k).add(new double[] {grid.x(j), grid.y(i)});
            }
        }
        return cells;
    }

    private static void addCells(XYChart chart, String name, List<double[]> cells, Color color, int resolution) {
        if (cells.isEmpty()) {
            return;
        }
        double[] x = new double[cells.size()];
        double[] y = new double[cells.size()];
        for (int c = 0; c < cells.size(); c++) {
            x[c] = cells.get(c)[0];
            y[c] = cells.get(c)[1];
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.SQUARE);
        series.setMarkerColor(color);
        series.setShowInLegend(false);
        // Cells must touch: a marker as wide as a grid step of the plot area (about 85% of the chart's width).
        int cell = (int) Math.ceil(chart.getWidth() * 0.85 / resolution);
        chart.getStyler().setMarkerSize(Math.max(chart.getStyler().getMarkerSize(), Math.min(12, cell)));
    }

    private static Color nextColor(XYChart chart) {
        long drawn = chart.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).count();
        return PALETTE.get((int) (drawn % PALETTE.size()));
    }
}
