package dev.ndgrad.examples.plot;

import dev.ndgrad.optim.train.History;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Arrays;
import org.knowm.xchart.XYChart;

/**
 * Learning curves of a training run: the train and dev loss per epoch beside the train and dev
 * accuracy, with the epoch whose weights were kept (early stopping) marked by a dashed line.
 */
public final class LearningCurves {

    private LearningCurves() {}

    /** Writes the two charts side by side to {@code file}. */
    public static Path save(History history, String title, Path file) {
        return Plots.saveSideBySide(file, lossChart(history, title), accuracyChart(history, title));
    }

    /**
     * Train and dev loss per epoch: on a log scale when they span a decade or more (XChart labels a log
     * axis at powers of ten only, so a narrower range would show no labels), else on a linear one.
     */
    public static XYChart lossChart(History history, String title) {
        boolean log = spansADecade(history.trainLosses(), history.devLosses());
        XYChart chart = Plots.lineChart(title + ": loss", "epoch", log ? "loss (log scale)" : "loss");
        if (log) {
            Plots.logY(chart);
        }
        Plots.addCurve(chart, "train loss", epochs(history), history.trainLosses());
        if (hasValues(history.devLosses())) {
            Plots.addCurve(chart, "dev loss", epochs(history), history.devLosses());
        }
        markKeptEpoch(chart, history, history.trainLosses(), history.devLosses());
        return chart;
    }

    /** Train and dev accuracy (in %) per epoch. */
    public static XYChart accuracyChart(History history, String title) {
        XYChart chart = Plots.lineChart(title + ": accuracy", "epoch", "accuracy (%)");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        double[] train = percent(history.trainMetrics());
        double[] dev = percent(history.devMetrics());
        Plots.addCurve(chart, "train accuracy", epochs(history), train);
        if (hasValues(dev)) {
            Plots.addCurve(chart, "dev accuracy", epochs(history), dev);
        }
        markKeptEpoch(chart, history, train, dev);
        return chart;
    }

    /** Epoch numbers from 1, as the charts show them. */
    static double[] epochs(History history) {
        double[] x = new double[history.size()];
        Arrays.setAll(x, i -> i + 1);
        return x;
    }

    private static void markKeptEpoch(XYChart chart, History history, double[] a, double[] b) {
        int kept = history.restoredEpoch();
        if (kept < 0) {
            return;
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double[] values : new double[][] {a, b}) {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        if (!Double.isFinite(low)) {
            return;
        }
        Plots.addDashedLine(chart, "kept weights (epoch " + (kept + 1) + ")", new double[] {kept + 1, kept + 1},
                new double[] {low, high}, Color.GRAY);
    }

    private static boolean spansADecade(double[]... series) {
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (double[] values : series) {
            for (double v : values) {
                if (Double.isFinite(v) && v > 0) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        return high >= 10 * low;
    }

    private static double[] percent(double[] rates) {
        return Arrays.stream(rates).map(r -> 100 * r).toArray();
    }

    private static boolean hasValues(double[] values) {
        return Arrays.stream(values).anyMatch(Double::isFinite);
    }
}
