package dev.ndgrad.examples.initialization;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.planar.FlowerData;
import dev.ndgrad.examples.plot.Plots;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.train.Accuracy;
import dev.ndgrad.optim.train.Evaluation;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Zeros, too-large ({@code N(0,1)·10}), Xavier and He initialisation of the same deep network (5 hidden layers
 * of 16 units, ReLU by default) trained on the planar flower with full-batch Adam. What the seeds predict, made
 * visible in one picture, {@code initialization.png}:
 * <ul>
 * <li>zeros: every hidden unit of a layer stays identical to the others (the largest difference between two
 *     units is exactly 0 after training), so the network is no better than one unit per layer — here it stays
 *     at {@code ln 2}, since all of its hidden activations are 0 ({@code ReLU(0) = tanh(0) = 0});
 * <li>too large: with ReLU the activations grow by about {@code 10·√(16/2) ≈ 28} per layer, so the logits are
 *     huge and every mistake is made with enormous confidence: the loss starts near {@code 10⁸} and stays orders of
 *     magnitude above the others' even where the accuracy is decent (with tanh the units saturate instead);
 * <li>He keeps the scale of ReLU activations from layer to layer (Xavier, made for tanh, lets them shrink by
 *     about √2 per ReLU layer, and for tanh He's are a little larger); both train to a low loss.
 * </ul>
 */
public final class InitializationExample {

    /** One initialisation: the activations' scale per hidden layer at the start, and how training went. */
    public record Run(InitScheme scheme, double[] activationScales, double initialLoss, double finalLoss,
            double accuracy, double maxUnitDifference) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: activation std per layer %s, loss %.4g → %.4g, accuracy %.3f, "
                    + "max unit difference %.3g", scheme.label(), Arrays.toString(activationScales), initialLoss,
                    finalLoss, accuracy, maxUnitDifference);
        }
    }

    /** The four runs and the picture. */
    public record Result(Activation activation, int depth, int width, List<Run> runs, Path plot) {
        public Run run(InitScheme scheme) {
            return runs.stream().filter(r -> r.scheme() == scheme).findFirst().orElseThrow();
        }
    }

    static final int POINTS = 400;
    static final int WIDTH = 16;
    static final int DEPTH = 5;
    static final double LEARNING_RATE = 0.01;
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 460;

    private InitializationExample() {}

    /**
     * Trains the network once per initialisation for {@code epochs} full-batch steps and writes
     * {@code initialization.png} into {@code outputDir}.
     */
    public static Result run(long seed, int epochs, Activation activation, Path outputDir, PrintStream log) {
        checkArgument(epochs >= 1, "init: epochs must be >= 1, got %s", epochs);
        FlowerData.Points points = FlowerData.generate(POINTS, seed);
        Dataset data = Dataset.classification(Nd4j.create(points.x()).castTo(DataType.FLOAT),
                Nd4j.createFromArray(points.y()));
        Tensor inputs = Tensor.of(data.features());
        List<Run> runs = new ArrayList<>();
        List<History> histories = new ArrayList<>();
        List<XYChart> boundaries = new ArrayList<>();
        for (InitScheme scheme : InitScheme.values()) {
            DeepNetwork network = DeepNetwork.build(2, WIDTH, DEPTH, activation, scheme, seed);
            double[] scales = network.activationScales(inputs);
            Trainer trainer = Trainer.builder(network.model(), new Adam(network.model().parameters(), LEARNING_RATE),
                    InitializationExample::logisticLoss).epochs(epochs).batchSize(data.size()).seed(seed)
                    .progressBar(false).metric(Accuracy.binaryFromLogits()).build();
            double initialLoss = trainer.evaluate(data).loss();
            History history = trainer.fit(data);
            Evaluation end = trainer.evaluate(data);
            histories.add(history);
            runs.add(new Run(scheme, scales, initialLoss, end.loss(), end.metric(), network.maxUnitDifference()));
            boundaries.add(DecisionBoundaryChart.draw(String.format(Locale.ROOT, "%s: loss %.3g, accuracy %.0f%%",
                    scheme.label(), end.loss(), 100 * end.metric()), points.x(), labels(points),
                    DecisionBoundaryChart.predictions(network.model()), PANEL_WIDTH, PANEL_HEIGHT));
        }

        print(runs, activation, epochs, log);
        List<XYChart> charts = new ArrayList<>();
        charts.add(lossChart(histories, runs, epochs));
        charts.add(scaleChart(runs));
        charts.addAll(boundaries);
        Path plot = Plots.saveGrid(outputDir.resolve("initialization.png"), 3, charts);
        return new Result(activation, DEPTH, WIDTH, List.copyOf(runs), plot);
    }

    private static void print(List<Run> runs, Activation activation, int epochs, PrintStream log) {
        log.printf(Locale.ROOT, "Planar flower (%d points), %d hidden layers of %d %s units, full-batch Adam (lr %s), "
                + "%d steps%n", POINTS, DEPTH, WIDTH, activation.name(), LEARNING_RATE, epochs);
        log.printf(Locale.ROOT, "  %-22s %14s %12s %12s %10s %20s%n", "initialization", "activation std",
                "start loss", "final loss", "accuracy", "max unit difference");
        log.printf(Locale.ROOT, "  %-22s %14s%n", "", "(layer 1 → " + DEPTH + ")");
        for (Run r : runs) {
            double[] s = r.activationScales();
            log.printf(Locale.ROOT, "  %-22s %6.2g → %-6.2g %12.4g %12.4g %9.1f%% %20.3g%n", r.scheme().label(), s[0],
                    s[s.length - 1], r.initialLoss(), r.finalLoss(), 100 * r.accuracy(), r.maxUnitDifference());
        }
        log.println("  (max unit difference: the largest difference between the incoming weights, bias or outgoing "
                + "weights of two hidden units of one layer, after training)");
    }

    private static int[] labels(FlowerData.Points points) {
        return Arrays.stream(points.y()).mapToInt(y -> (int) y).toArray();
    }

    /** The logistic loss of one logit per point against 0/1 class labels. */
    static Tensor logisticLoss(Tensor logits, Tensor labels) {
        return Losses.binaryCrossEntropyWithLogits(logits, labels.to(logits.dtype()).reshape(-1, 1));
    }

    private static XYChart lossChart(List<History> histories, List<Run> runs, int epochs) {
        XYChart chart = Plots.logY(Plots.lineChart("Training loss per step (full batch)", "step",
                "logistic loss (log)", PANEL_WIDTH, PANEL_HEIGHT));
        for (int k = 0; k < histories.size(); k++) {
            Plots.addCurve(chart, runs.get(k).scheme().label(), histories.get(k).trainLosses());
        }
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) epochs);
        return chart;
    }

    private static XYChart scaleChart(List<Run> runs) {
        // A log axis labels only powers of ten: use it when the scales span decades (ReLU with too-large weights).
        double[] positive = runs.stream().flatMapToDouble(r -> Arrays.stream(r.activationScales())).filter(s -> s > 0)
                .toArray();
        boolean log = Arrays.stream(positive).max().orElse(1) > 100 * Arrays.stream(positive).min().orElse(1);
        XYChart chart = Plots.lineChart("Activations' std per layer, at initialization", "hidden layer",
                log ? "std of activations (log)" : "std of activations", PANEL_WIDTH, PANEL_HEIGHT);
        if (log) {
            Plots.logY(chart);
        }
        for (Run r : runs) {
            boolean allZero = Arrays.stream(r.activationScales()).allMatch(s -> s == 0);
            String note = !allZero ? "" : log ? ": all 0 (not drawn)" : ": all 0";
            Plots.addCurve(chart, r.scheme().label() + note, r.activationScales());
        }
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        return chart;
    }
}
