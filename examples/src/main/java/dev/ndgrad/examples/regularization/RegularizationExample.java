package dev.ndgrad.examples.regularization;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.examples.initialization.DecisionBoundaryChart;
import dev.ndgrad.examples.plot.Plots;
import dev.ndgrad.nn.Dropout;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Regularization;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.train.BiasVarianceDiagnosis;
import dev.ndgrad.optim.train.Callback;
import dev.ndgrad.optim.train.EarlyStopping;
import dev.ndgrad.optim.train.EpochRecord;
import dev.ndgrad.optim.train.Evaluation;
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
import java.util.stream.DoubleStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * No regularization, L2, dropout and early stopping compared on a set-up that overfits: a 2-128-128-128-2 ReLU
 * network (about 33,000 parameters) trained with Adam on 200 points of the {@link NoisyMoons} with 10% of the
 * labels flipped, judged on 500 dev points of the same distribution. Unregularized, the network draws islands
 * around flipped training points: its training error drops below the base error of about 10% while its dev error
 * climbs above it (high variance). Each regularizer keeps the boundary smooth, so the train/dev gap shrinks.
 * Prints the final train/dev accuracy and the bias/variance diagnosis per variant (against the Bayes error of
 * the known distribution, {@link NoisyMoons#bayesError}); writes {@code regularization.png} with the train and
 * dev loss per epoch (both in evaluation mode, so dropout's noise is not counted in the training curve) and the
 * decision boundary of each variant.
 *
 * <p>Early stopping watches the dev <em>loss</em>, which rises as soon as the network grows over-confident on
 * the flipped dev points, often before its dev accuracy is at its best: it stops early and keeps a smooth but
 * slightly under-fitted boundary.
 */
public final class RegularizationExample {

    /** How one variant ended: its curves, final accuracies (evaluation mode) and diagnosis. */
    public record Run(Variant variant, String label, double[] trainLoss, double[] devLoss, int epochsRun,
            int keptEpoch, double trainAccuracy, double devAccuracy, BiasVarianceDiagnosis diagnosis) {
        /** {@code dev error − train error}. */
        public double gap() {
            return trainAccuracy - devAccuracy;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d epochs (kept %d), train accuracy %.3f, dev accuracy %.3f, %s",
                    label, epochsRun, keptEpoch, trainAccuracy, devAccuracy, diagnosis.verdict().words());
        }
    }

    /** The four runs and the picture. */
    public record Result(double baseError, List<Run> runs, Path plot) {
        public Run run(Variant variant) {
            return runs.stream().filter(r -> r.variant() == variant).findFirst().orElseThrow();
        }
    }

    static final int TRAIN_POINTS = 200;
    static final int DEV_POINTS = 500;
    static final double NOISE = 0.1;
    static final double FLIP = 0.1;
    static final int HIDDEN = 128;
    static final int BATCH_SIZE = 50;
    static final double LEARNING_RATE = 5e-3;
    static final double LAMBDA = 1;
    static final double DROP = 0.5;
    static final int PATIENCE = 20;
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 460;

    private RegularizationExample() {}

    /** Trains the network once per variant for (at most) {@code epochs} epochs and writes the picture. */
    public static Result run(long seed, int epochs, Path outputDir, PrintStream log) {
        checkArgument(epochs >= 1, "regularization: epochs must be >= 1, got %s", epochs);
        NoisyMoons moons = new NoisyMoons(NOISE, FLIP);
        Dataset train = moons.generate(TRAIN_POINTS, seed);
        Dataset dev = moons.generate(DEV_POINTS, seed + 1_000_003);
        double baseError = moons.bayesError(20_000, seed + 2_000_003);
        List<Run> runs = new ArrayList<>();
        List<XYChart> boundaries = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            Module model = network(variant, seed);
            Run run = train(variant, model, train, dev, epochs, seed, baseError);
            runs.add(run);
            boundaries.add(DecisionBoundaryChart.draw(run.label() + ": " + run.diagnosis().verdict().words(),
                    train.features().castTo(DataType.DOUBLE).toDoubleMatrix(), classes(train),
                    DecisionBoundaryChart.predictions(model), PANEL_WIDTH, PANEL_HEIGHT));
        }
        print(runs, baseError, epochs, log);
        List<XYChart> charts = new ArrayList<>(curveCharts(runs, epochs));
        charts.addAll(boundaries);
        Path plot = Plots.saveGrid(outputDir.resolve("regularization.png"), runs.size(), charts);
        return new Result(baseError, List.copyOf(runs), plot);
    }

    /** Trains {@code model} in the way {@code variant} says and evaluates it. */
    private static Run train(Variant variant, Module model, Dataset train, Dataset dev, int epochs, long seed,
            double baseError) {
        TrainSetCurve trainCurve = new TrainSetCurve(train);
        Trainer.Builder builder = Trainer.builder(model, new Adam(model.parameters(), LEARNING_RATE),
                Losses::crossEntropy).epochs(epochs).batchSize(BATCH_SIZE).seed(seed).progressBar(false)
                .callback(trainCurve);
        if (variant == Variant.L2) {
            builder.penalty(() -> Regularization.l2(model, LAMBDA, train.size()));
        }
        if (variant == Variant.EARLY_STOPPING) {
            builder.earlyStopping(new EarlyStopping(PATIENCE, 0));
        }
        Trainer trainer = builder.build();
        trainCurve.trainer = trainer;
        History history = trainer.fit(train, dev);
        Evaluation onTrain = trainer.evaluate(train);
        Evaluation onDev = trainer.evaluate(dev);
        int kept = history.restoredEpoch() >= 0 ? history.restoredEpoch() : history.size() - 1;
        return new Run(variant, label(variant), trainCurve.losses(), history.devLosses(), history.size(), kept,
                onTrain.metric(), onDev.metric(), BiasVarianceDiagnosis.of(onTrain.error(), onDev.error(), baseError));
    }

    private static void print(List<Run> runs, double baseError, int epochs, PrintStream log) {
        log.printf(Locale.ROOT, "Noisy moons (σ = %s, %.0f%% of labels flipped: base error %.1f%%), %d train / %d dev "
                + "points, 2-%d-%d-%d-2 ReLU network, Adam (lr %s), mini-batches of %d, up to %d epochs%n", NOISE,
                100 * FLIP, 100 * baseError, TRAIN_POINTS, DEV_POINTS, HIDDEN, HIDDEN, HIDDEN, LEARNING_RATE,
                BATCH_SIZE, epochs);
        log.printf(Locale.ROOT, "  %-30s %7s %11s %11s %9s  %s%n", "variant", "epochs", "train acc.", "dev acc.", "gap",
                "diagnosis");
        for (Run r : runs) {
            String epochsRun = r.variant() == Variant.EARLY_STOPPING ? (r.keptEpoch() + 1) + "/" + r.epochsRun()
                    : String.valueOf(r.epochsRun());
            log.printf(Locale.ROOT, "  %-30s %7s %10.1f%% %10.1f%% %8.1f%%  %s%n", r.label(), epochsRun,
                    100 * r.trainAccuracy(), 100 * r.devAccuracy(), 100 * r.gap(), r.diagnosis().verdict().words());
        }
        log.println("  (epochs for early stopping: the epoch whose weights were kept / the epochs run; gap: train "
                + "accuracy − dev accuracy)");
    }

    /** The big network, with dropout after every hidden layer for {@link Variant#DROPOUT}. */
    static Module network(Variant variant, long seed) {
        Random weights = new Random(seed);   // the same initial weights for every variant
        Random masks = new Random(seed + 1);
        Sequential net = new Sequential();
        long in = 2;
        for (int l = 0; l < 3; l++) {
            net.append(new Linear(in, HIDDEN, true, DataType.FLOAT, weights)).append(new ReLU());
            if (variant == Variant.DROPOUT) {
                net.append(new Dropout(DROP, masks.nextLong()));
            }
            in = HIDDEN;
        }
        return net.append(new Linear(in, 2, true, DataType.FLOAT, weights));
    }

    static String label(Variant variant) {
        return switch (variant) {
            case NONE -> "no regularization";
            case L2 -> String.format(Locale.ROOT, "L2, λ = %s", LAMBDA);
            case DROPOUT -> String.format(Locale.ROOT, "dropout, keep_prob = %s", 1 - DROP);
            case EARLY_STOPPING -> String.format(Locale.ROOT, "early stopping, patience %d", PATIENCE);
        };
    }

    private static int[] classes(Dataset data) {
        return Arrays.stream(data.labels().toLongVector()).mapToInt(y -> (int) y).toArray();
    }

    /** Records the training set's loss in evaluation mode after every epoch (dropout off, like the dev loss). */
    private static final class TrainSetCurve implements Callback {
        private final Dataset train;
        private final List<Double> losses = new ArrayList<>();
        private Trainer trainer;

        TrainSetCurve(Dataset train) {
            this.train = train;
        }

        @Override
        public boolean onEpochEnd(EpochRecord record, History history) {
            losses.add(trainer.evaluate(train).loss());
            return false;
        }

        double[] losses() {
            return losses.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** Train and dev loss per epoch, one panel per variant, all on the same scales so they compare at a glance. */
    private static List<XYChart> curveCharts(List<Run> runs, int epochs) {
        double top = runs.stream().flatMapToDouble(r -> DoubleStream.concat(Arrays.stream(r.trainLoss()),
                Arrays.stream(r.devLoss()))).filter(Double::isFinite).max().orElse(1);
        List<XYChart> charts = new ArrayList<>();
        for (Run run : runs) {
            XYChart chart = curveChart(run);
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(Math.ceil(10 * top) / 10).setXAxisMin(0.0)
                    .setXAxisMax((double) epochs);
            charts.add(chart);
        }
        return charts;
    }

    private static XYChart curveChart(Run run) {
        XYChart chart = Plots.lineChart(String.format(Locale.ROOT, "%s: train %.1f%%, dev %.1f%%", run.label(),
                100 * run.trainAccuracy(), 100 * run.devAccuracy()), "epoch", "cross-entropy (evaluation mode)",
                PANEL_WIDTH, PANEL_HEIGHT);
        Plots.addCurve(chart, "train loss", run.trainLoss());
        Plots.addCurve(chart, "dev loss", run.devLoss());
        if (run.variant() == Variant.EARLY_STOPPING) {
            double kept = run.keptEpoch() + 1;   // the charts count epochs from 1
            Plots.addPoints(chart, "weights kept: epoch " + (run.keptEpoch() + 1), new double[] {kept},
                    new double[] {run.devLoss()[run.keptEpoch()]}, Color.BLACK).setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }
}
