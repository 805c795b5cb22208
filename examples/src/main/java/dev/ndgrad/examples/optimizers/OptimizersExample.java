package dev.ndgrad.examples.optimizers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.examples.plot.Grid;
import dev.ndgrad.examples.plot.Plots;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.Datasets;
import dev.ndgrad.nn.data.Splits;
import dev.ndgrad.nn.data.StandardScaler;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.Trainer;
import java.awt.Color;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gradient descent, momentum, RMSprop and Adam compared twice:
 * <ol>
 * <li>on the seeds' elongated bowl {@code f(x, y) = ½(x² + κy²)} with {@code κ = 100} (see {@link Bowl}),
 *     from {@code (−8, 1)} until {@code f ≤ 10⁻³}: how many steps each needs, and their paths over the contour
 *     bands — gradient descent zig-zags across the valley and crawls along it; momentum averages the zig-zag
 *     away; RMSprop and Adam scale each coordinate by its own gradient size, so they head for the minimum;
 * <li>on a real task: a 64-64-64-10 ReLU network on the hand-written digits (standardized, 80% train / 20%
 *     dev), mini-batches of 64, the training loss and dev accuracy per epoch.
 * </ol>
 * Everything goes in one picture, {@code optimizers.png}: bowl paths, bowl loss per step, digits loss and dev
 * accuracy per epoch.
 */
public final class OptimizersExample {

    /** One method on the bowl: its rate, the steps it needed to reach the threshold (-1: not within the cap). */
    public record BowlRun(Method method, double learningRate, int stepsToThreshold, double finalLoss) {}

    /** One method on the digits: its rate, the last epoch's mean training loss and the final dev accuracy. */
    public record DataRun(Method method, double learningRate, double finalTrainLoss, double devAccuracy,
            double seconds) {}

    /** Both comparisons and the picture. */
    public record Result(double kappa, double threshold, List<BowlRun> bowl, List<DataRun> digits, Path plot) {
        public BowlRun bowl(Method method) {
            return bowl.stream().filter(r -> r.method() == method).findFirst().orElseThrow();
        }

        public DataRun digits(Method method) {
            return digits.stream().filter(r -> r.method() == method).findFirst().orElseThrow();
        }
    }

    static final double KAPPA = 100;
    static final double[] START = {-8, 1};
    static final double THRESHOLD = 1e-3;
    static final int MAX_BOWL_STEPS = 1000;
    static final int BATCH_SIZE = 64;
    static final int HIDDEN = 64;

    private OptimizersExample() {}

    /**
     * Runs both comparisons and writes {@code optimizers.png} into {@code outputDir}.
     *
     * @param epochs epochs of training on the digits for each method
     */
    public static Result run(long seed, int epochs, Path outputDir, PrintStream log) {
        checkArgument(epochs >= 1, "optimizers: epochs must be >= 1, got %s", epochs);
        Bowl bowl = new Bowl(KAPPA);
        List<BowlRun> bowlRuns = new ArrayList<>();
        List<Bowl.Trajectory> paths = new ArrayList<>();
        for (Method method : Method.values()) {
            double lr = method.bowlRate(KAPPA);
            Bowl.Trajectory path = bowl.descend(params -> method.create(params, lr), START, THRESHOLD, MAX_BOWL_STEPS);
            paths.add(path);
            bowlRuns.add(new BowlRun(method, lr, path.stepsToThreshold(), path.loss()[path.loss().length - 1]));
        }
        log.printf(Locale.ROOT, "Elongated bowl f(x, y) = ½(x² + %.0f·y²) from (%.0f, %.0f): steps to f ≤ %.0e%n",
                KAPPA, START[0], START[1], THRESHOLD);
        log.printf(Locale.ROOT, "  %-18s %10s %8s%n", "method", "lr", "steps");
        for (BowlRun r : bowlRuns) {
            log.printf(Locale.ROOT, "  %-18s %10.4g %8s%n", r.method().label(), r.learningRate(),
                    r.stepsToThreshold() >= 0 ? r.stepsToThreshold() : "> " + MAX_BOWL_STEPS);
        }

        List<Dataset> split = standardizedDigits(seed);
        List<DataRun> dataRuns = new ArrayList<>();
        List<History> histories = new ArrayList<>();
        for (Method method : Method.values()) {
            Module model = network(seed);
            Trainer trainer = Trainer.builder(model, method.create(model.parameters(), method.dataRate()),
                    Losses::crossEntropy).epochs(epochs).batchSize(BATCH_SIZE).seed(seed).progressBar(false).build();
            long start = System.nanoTime();
            History history = trainer.fit(split.get(0), split.get(1));
            histories.add(history);
            dataRuns.add(new DataRun(method, method.dataRate(), history.last().trainLoss(), history.last().devMetric(),
                    (System.nanoTime() - start) / 1e9));
        }
        log.printf(Locale.ROOT, "Digits, %d-%d-%d-10 ReLU network, %d epochs of mini-batches of %d "
                + "(%d train / %d dev)%n", split.get(0).numFeatures(), HIDDEN, HIDDEN, epochs, BATCH_SIZE, split.get(0).size(),
                split.get(1).size());
        log.printf(Locale.ROOT, "  %-18s %10s %12s %12s %8s%n", "method", "lr", "train loss", "dev accuracy",
                "seconds");
        for (DataRun r : dataRuns) {
            log.printf(Locale.ROOT, "  %-18s %10.4g %12.4f %11.1f%% %8.1f%n", r.method().label(), r.learningRate(),
                    r.finalTrainLoss(), 100 * r.devAccuracy(), r.seconds());
        }

        List<XYChart> charts = List.of(bowlPathsChart(bowl, paths, bowlRuns), bowlLossChart(paths, bowlRuns),
                epochChart("Digits: training loss per epoch", "mean training loss (log)", histories, true),
                epochChart("Digits: dev accuracy per epoch", "dev accuracy", histories, false));
        Path plot = Plots.saveGrid(outputDir.resolve("optimizers.png"), 2, charts);
        return new Result(KAPPA, THRESHOLD, List.copyOf(bowlRuns), List.copyOf(dataRuns), plot);
    }

    /** The digits split 80/20 (stratified), standardized with the training part's statistics. */
    static List<Dataset> standardizedDigits(long seed) {
        List<Dataset> parts = Splits.stratified(Datasets.digits(), seed, 0.8, 0.2);
        StandardScaler scaler = StandardScaler.fit(parts.get(0));
        return List.of(scaler.transform(parts.get(0)), scaler.transform(parts.get(1)));
    }

    /** A 64-64-64-10 ReLU network (He-initialised weights), the same for every method given the seed. */
    static Module network(long seed) {
        Random random = new Random(seed);
        DataType dtype = DataType.FLOAT;
        return new Sequential(new Linear(64, HIDDEN, true, dtype, random), new ReLU(),
                new Linear(HIDDEN, HIDDEN, true, dtype, random), new ReLU(),
                new Linear(HIDDEN, 10, true, dtype, random));
    }

    private static XYChart bowlPathsChart(Bowl bowl, List<Bowl.Trajectory> paths, List<BowlRun> runs) {
        Grid.Bounds bounds = new Grid.Bounds(-9, 1.5, -1.5, 1.5);
        XYChart chart = Plots.planeChart(String.format(Locale.ROOT, "Bowl ½(x² + %.0f·y²): paths to f ≤ %.0e", KAPPA,
                THRESHOLD), "x", "y", bounds);
        Plots.addBands(chart, Grid.sample(bounds, 120, bowl::value), 12, f -> Math.log(f + 1e-3));
        for (int k = 0; k < paths.size(); k++) {
            Bowl.Trajectory path = paths.get(k);
            Plots.addPath(chart, bowlLabel(runs.get(k)), path.x(), path.y(), Plots.PALETTE.get(k));
        }
        Plots.addPoints(chart, "minimum (0, 0)", new double[] {0}, new double[] {0}, Color.BLACK)
                .setMarker(SeriesMarkers.DIAMOND);
        chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
        return chart;
    }

    private static XYChart bowlLossChart(List<Bowl.Trajectory> paths, List<BowlRun> runs) {
        XYChart chart = Plots.logY(Plots.lineChart("Bowl: f(x, y) per step", "step", "f (log)"));
        for (int k = 0; k < paths.size(); k++) {
            double[] loss = paths.get(k).loss();
            double[] steps = new double[loss.length];
            Arrays.setAll(steps, i -> i);
            Plots.addCurve(chart, bowlLabel(runs.get(k)), steps, loss);
        }
        int longest = paths.stream().mapToInt(p -> p.loss().length - 1).max().orElse(1);
        Plots.addCurve(chart, String.format(Locale.ROOT, "threshold %.0e", THRESHOLD), new double[] {0, longest},
                new double[] {THRESHOLD, THRESHOLD}).setLineColor(Color.GRAY);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(50.0 * Math.ceil(longest / 50.0));
        return chart;
    }

    private static String bowlLabel(BowlRun run) {
        String steps = run.stepsToThreshold() >= 0 ? run.stepsToThreshold() + " steps" : "> " + MAX_BOWL_STEPS
                + " steps";
        return String.format(Locale.ROOT, "%s, lr %.3g: %s", run.method().label(), run.learningRate(), steps);
    }

    private static XYChart epochChart(String title, String yLabel, List<History> histories, boolean trainLoss) {
        XYChart chart = Plots.lineChart(title, "epoch", yLabel);
        if (trainLoss) {
            Plots.logY(chart);
        } else {
            chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
        }
        Method[] methods = Method.values();
        for (int k = 0; k < histories.size(); k++) {
            History h = histories.get(k);
            Plots.addCurve(chart, String.format(Locale.ROOT, "%s, lr %.3g", methods[k].label(), methods[k].dataRate()),
                    trainLoss ? h.trainLosses() : h.devMetrics());
        }
        return chart;
    }
}
