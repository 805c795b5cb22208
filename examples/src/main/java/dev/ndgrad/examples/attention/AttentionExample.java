package dev.ndgrad.examples.attention;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.StepwiseTraining;
import dev.ndgrad.examples.plot.HeatMaps;
import dev.ndgrad.examples.plot.Plots;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.ModelSummary;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.LearningRateSchedule;
import dev.ndgrad.optim.Optimizer;
import dev.ndgrad.optim.Schedules;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * A small Transformer encoder ({@link DigitTransformer}) learns to sort (or reverse) sequences of digits, writing
 * the whole answer at once, one digit per position. It trains on fresh random sequences at every step (Adam with
 * a warm-up and a cosine decay of the learning rate, the gradient norm clipped) and is judged on held-out
 * sequences it never saw: the fraction of digits right, and of whole sequences right (every digit). At the end it
 * prints a few held-out answers and draws what every attention head looks at while it answers one of them.
 * Writes {@code attention-map.png} (one heat map per layer and head: row = output position, column = input
 * position, the weight {@code A[i, j]} it gives that input) and {@code attention-training.png} (loss and
 * held-out accuracy per step).
 */
public final class AttentionExample {

    /** The run's settings. */
    public record Config(DigitTask task, int length, int dModel, int heads, int feedForward, int layers, int batchSize,
            int steps, double learningRate, int evalEvery, int heldOut, long seed, Path outputDir) {
        public Config {
            checkArgument(length >= 2 && dModel > 0 && heads > 0 && dModel % heads == 0 && feedForward > 0
                    && layers > 0 && batchSize > 0 && steps > 0 && evalEvery > 0 && heldOut > 0,
                    "attention: invalid sizes");
            checkArgument(learningRate > 0, "attention: learning rate must be positive");
        }
    }

    /**
     * What the run measured.
     *
     * @param steps              the steps at which the held-out set was scored
     * @param trainLoss          the mean training loss since the previous point
     * @param digitAccuracy      the held-out fraction of digits right at each point
     * @param sequenceAccuracy   the held-out fraction of whole sequences right at each point
     * @param example            the held-out sequence whose attention is drawn
     * @param weights            its attention weights {@code [layer][head][query][key]}
     */
    public record Result(int[] steps, double[] trainLoss, double[] digitAccuracy, double[] sequenceAccuracy,
            int[] example, double[][][][] weights, long parameters, Path attentionMap, Path trainingCurves,
            double seconds) {
        public double finalSequenceAccuracy() {
            return sequenceAccuracy[sequenceAccuracy.length - 1];
        }

        public double finalDigitAccuracy() {
            return digitAccuracy[digitAccuracy.length - 1];
        }
    }

    /** Held-out answers printed at the end. */
    static final int SHOWN = 5;
    /** The gradient's largest global norm. */
    static final double CLIP = 1.0;

    private AttentionExample() {}

    public static Result run(Config config, PrintStream log) {
        long start = System.nanoTime();
        DigitSequences data = new DigitSequences(config.task(), config.length(), config.heldOut(), config.seed());
        DigitTransformer model = new DigitTransformer(config.length(), config.dModel(), config.heads(),
                config.feedForward(), config.layers(), config.seed());
        log.printf(Locale.ROOT, "Task: %s sequences of %d digits (e.g. %s -> %s); %,d held-out sequences, training "
                + "sequences drawn afresh at every step%n", config.task(), config.length(),
                digits(data.heldOut().digits().get(0)), digits(config.task().target(data.heldOut().digits().get(0))),
                config.heldOut());
        log.println(ModelSummary.of(model, data.heldOut().inputs().slice(0, 0, 1)));
        log.printf(Locale.ROOT, "Training: %d steps of %d sequences, Adam (lr %s, warm-up then cosine decay), "
                + "gradient norm clipped at %s%n", config.steps(), config.batchSize(), config.learningRate(), CLIP);

        Optimizer optimizer = new Adam(model.parameters(), config.learningRate());
        int warmup = Math.max(1, config.steps() / 20);
        LearningRateSchedule schedule = Schedules.perStep(Schedules.cosineWithWarmup(config.learningRate(), warmup,
                Math.max(config.steps(), warmup + 1), config.learningRate() / 20));
        List<double[]> points = new ArrayList<>();   // step, train loss, digit accuracy, sequence accuracy
        model.train();
        StepwiseTraining.run(optimizer, schedule, CLIP, config.steps(), config.evalEvery(),
                () -> loss(model, data.next(config.batchSize())), (step, trained) -> {
                    Score score = score(model, data.heldOut());
                    points.add(new double[] {step, trained, score.digits(), score.sequences()});
                    log.printf(Locale.ROOT, "step %5d/%d  train loss %6.4f  held-out: digits %6.2f%%  sequences "
                            + "%6.2f%%  %4.0f s%n", step, config.steps(), trained, 100 * score.digits(),
                            100 * score.sequences(), (System.nanoTime() - start) / 1e9);
                });

        Score last = score(model, data.heldOut());
        log.println();
        for (int i = 0; i < Math.min(SHOWN, config.heldOut()); i++) {
            int[] input = data.heldOut().digits().get(i);
            int[] answer = last.predictions()[i];
            boolean right = Arrays.equals(answer, config.task().target(input));
            log.printf("  %s -> %s  %s%n", digits(input), digits(answer), right ? "right" : "WRONG (expected "
                    + digits(config.task().target(input)) + ")");
        }
        int[] example = data.heldOut().digits().get(0);
        double[][][][] weights = AttentionMaps.of(model, data.heldOut().inputs().slice(0, 0, 1));
        Path map = Plots.saveGrid(config.outputDir().resolve("attention-map.png"), config.heads(),
                heatMaps(weights, example, config.task()));
        int[] steps = points.stream().mapToInt(p -> (int) p[0]).toArray();
        double[] trainLoss = column(points, 1);
        double[] digitAccuracy = column(points, 2);
        double[] sequenceAccuracy = column(points, 3);
        Path curves = Plots.saveSideBySide(config.outputDir().resolve("attention-training.png"),
                trainingCharts(steps, trainLoss, digitAccuracy, sequenceAccuracy, config.task()));
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "%nHeld-out accuracy after %d steps: %.2f%% of the sequences, %.2f%% of the digits "
                + "(%,d sequences)%n", config.steps(), 100 * last.sequences(), 100 * last.digits(), config.heldOut());
        log.printf(Locale.ROOT, "Done in %.0f s%n", seconds);
        return new Result(steps, trainLoss, digitAccuracy, sequenceAccuracy, example, weights, model.parameterCount(),
                map, curves, seconds);
    }

    /** The mean cross-entropy over every position of every sequence. */
    private static Tensor loss(DigitTransformer model, DigitSequences.Batch batch) {
        Tensor logits = model.forward(batch.inputs());
        long n = batch.targets().size();
        return Losses.crossEntropy(logits.reshape(n, DigitSequences.DIGITS), batch.targets().reshape(n));
    }

    /** Held-out accuracy: the fraction of digits and of whole sequences right, and the predictions. */
    record Score(double digits, double sequences, int[][] predictions) {}

    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    static Score score(DigitTransformer model, DigitSequences.Batch batch) {
        double[] predicted;
        model.eval();
        try (var noGrad = Autograd.noGrad()) {
            predicted = model.forward(batch.inputs()).argmax(2).toDoubleArray();
        } finally {
            model.train();
        }
        double[] expected = batch.targets().toDoubleArray();
        int length = model.length();
        int[][] predictions = new int[batch.size()][length];
        long digitsRight = 0;
        long sequencesRight = 0;
        for (int b = 0; b < batch.size(); b++) {
            boolean all = true;
            for (int i = 0; i < length; i++) {
                predictions[b][i] = (int) predicted[b * length + i];
                boolean right = predicted[b * length + i] == expected[b * length + i];
                digitsRight += right ? 1 : 0;
                all &= right;
            }
            sequencesRight += all ? 1 : 0;
        }
        return new Score((double) digitsRight / predicted.length, (double) sequencesRight / batch.size(),
                predictions);
    }

    private static List<HeatMapChart> heatMaps(double[][][][] weights, int[] example, DigitTask task) {
        List<String> inputs = IntStream.range(0, example.length).mapToObj(i -> example[i] + " (" + i + ")")
                .collect(Collectors.toList());
        int[] answer = task.target(example);
        List<String> outputs = IntStream.range(0, answer.length).mapToObj(i -> "(" + i + ") " + answer[i])
                .collect(Collectors.toList());
        List<HeatMapChart> charts = new ArrayList<>();
        for (int l = 0; l < weights.length; l++) {
            for (int h = 0; h < weights[l].length; h++) {
                String title = String.format(Locale.ROOT, "layer %d, head %d: %s %s", l + 1, h + 1, task,
                        digits(example));
                charts.add(HeatMaps.of(title, "input digit (position)", "output position (answer digit)", inputs,
                        outputs, weights[l][h], 0, 1, 640, 560));
            }
        }
        return charts;
    }

    private static Chart<?, ?>[] trainingCharts(int[] steps, double[] loss, double[] digitAccuracy,
            double[] sequenceAccuracy, DigitTask task) {
        double[] x = Arrays.stream(steps).asDoubleStream().toArray();
        XYChart lossChart = Plots.logY(Plots.lineChart(task + ": training loss", "training step",
                "cross-entropy per digit (log scale)"));
        Plots.addCurve(lossChart, "training loss (mean since the last point)", x, loss);
        XYChart accuracy = Plots.lineChart(task + ": held-out accuracy", "training step", "accuracy (%)");
        accuracy.getStyler().setLegendPosition(LegendPosition.InsideSE);
        accuracy.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        Plots.addCurve(accuracy, "digits right", x, Arrays.stream(digitAccuracy).map(a -> 100 * a).toArray());
        Plots.addCurve(accuracy, "whole sequences right", x,
                Arrays.stream(sequenceAccuracy).map(a -> 100 * a).toArray());
        return new Chart<?, ?>[] {lossChart, accuracy};
    }

    private static double[] column(List<double[]> points, int k) {
        return points.stream().mapToDouble(p -> p[k]).toArray();
    }

    private static String digits(int[] digits) {
        return Arrays.stream(digits).mapToObj(Integer::toString).collect(Collectors.joining());
    }
}
