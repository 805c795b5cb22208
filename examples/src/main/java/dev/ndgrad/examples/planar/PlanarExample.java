package dev.ndgrad.examples.planar;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.plot.Grid;
import dev.ndgrad.examples.plot.Plots;
import dev.ndgrad.nn.Init;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.Tanh;
import dev.ndgrad.optim.SGD;
import java.awt.Color;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seeds' planar classifier: a two-layer network {@code ŷ = σ(W₂·tanh(W₁·x + b₁) + b₂)} on the
 * {@link FlowerData flower}, against logistic regression, trained by batch gradient descent on the
 * binary cross-entropy, with decision regions drawn for several hidden-layer sizes. No line separates
 * the petals, so logistic regression stays near chance; a few tanh units fit them, and many start to
 * trace the noise.
 *
 * <p>The models end in the logit {@code z = W₂·a₁ + b₂}; the sigmoid output unit is applied by the loss,
 * {@link Losses#binaryCrossEntropyWithLogits} (the same {@code −[y·log σ(z) + (1 − y)·log(1 − σ(z))]} in
 * its stable form, whose gradient is the seeds' {@code dz = a − y}), and by {@link #probabilities} for
 * predictions.
 */
public final class PlanarExample {

    /** Accuracy on the training flower and on a fresh one, per model. */
    public record Accuracy(double train, double test) {}

    /** Logistic regression's accuracy, each hidden size's, and the picture. */
    public record Result(Accuracy logistic, Map<Integer, Accuracy> hidden, Path plot) {}

    static final int POINTS = 400;
    private static final double LEARNING_RATE = 1.2;

    private PlanarExample() {}

    public static Result run(List<Integer> hiddenSizes, int iterations, long seed, Path outputDir, PrintStream log) {
        FlowerData.Points train = FlowerData.generate(POINTS, seed);
        FlowerData.Points test = FlowerData.generate(POINTS, seed + 1000);
        Tensor x = features(train);
        Tensor y = targets(train);
        Grid.Bounds bounds = Grid.Bounds.around(train.coordinate(0), train.coordinate(1), 1.0);
        List<XYChart> charts = new ArrayList<>();

        Module logisticModel = new Sequential(glorot(new Linear(2, 1, true, DataType.FLOAT, seed), seed));
        train(logisticModel, x, y, iterations);
        Accuracy logistic = accuracy(logisticModel, train, test);
        log.printf("logistic regression:     train accuracy %5.1f%%, test %5.1f%%%n", 100 * logistic.train(),
                100 * logistic.test());
        charts.add(regionChart("Logistic regression", logisticModel, logistic, train, bounds));

        Map<Integer, Accuracy> hidden = new LinkedHashMap<>();
        for (int h : hiddenSizes) {
            Module model = twoLayer(h, seed);
            train(model, x, y, iterations);
            Accuracy a = accuracy(model, train, test);
            hidden.put(h, a);
            log.printf("tanh hidden layer of %2d: train accuracy %5.1f%%, test %5.1f%%%n", h, 100 * a.train(),
                    100 * a.test());
            charts.add(regionChart("Hidden layer of " + h, model, a, train, bounds));
        }
        Path plot = Plots.saveGrid(outputDir.resolve("planar-decision-boundaries.png"), 4, charts);
        return new Result(logistic, hidden, plot);
    }

    /** {@code Linear(2, h) → tanh → Linear(h, 1)} (then σ), Xavier (Glorot) weights, the choice for tanh. */
    static Module twoLayer(int hidden, long seed) {
        return new Sequential(glorot(new Linear(2, hidden, true, DataType.FLOAT, seed), seed), new Tanh(),
                glorot(new Linear(hidden, 1, true, DataType.FLOAT, seed + 1), seed + 1));
    }

    /** Batch gradient descent on the mean binary cross-entropy, as the seeds train this network. */
    static void train(Module model, Tensor x, Tensor y, int iterations) {
        SGD sgd = new SGD(model.parameters(), LEARNING_RATE);
        for (int i = 0; i < iterations; i++) {
            sgd.zeroGrad();
            Losses.binaryCrossEntropyWithLogits(model.forward(x), y).backward();
            sgd.step();
        }
    }

    private static Linear glorot(Linear layer, long seed) {
        Init.xavierNormal(layer.weight(), new Random(seed));
        return layer;
    }

    private static Tensor features(FlowerData.Points points) {
        return Tensor.of(Nd4j.create(points.x()).castTo(DataType.FLOAT));
    }

    private static Tensor targets(FlowerData.Points points) {
        return Tensor.of(Nd4j.createFromArray(points.y()).castTo(DataType.FLOAT).reshape(points.size(), 1));
    }

    private static Accuracy accuracy(Module model, FlowerData.Points train, FlowerData.Points test) {
        return new Accuracy(accuracy(model, train), accuracy(model, test));
    }

    private static double accuracy(Module model, FlowerData.Points points) {
        double[] p = probabilities(model, points.x());
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            correct += (p[i] >= 0.5) == (points.y()[i] == 1) ? 1 : 0;
        }
        return (double) correct / p.length;
    }

    /** {@code σ(z)} for each row of {@code x}: the output unit. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    static double[] probabilities(Module model, double[][] x) {
        try (var off = Autograd.noGrad()) {
            return model.forward(Tensor.of(Nd4j.create(x).castTo(DataType.FLOAT))).sigmoid().toDoubleArray();
        }
    }

    private static XYChart regionChart(String title, Module model, Accuracy accuracy, FlowerData.Points points,
            Grid.Bounds bounds) {
        Grid classes = Grid.sample(bounds, 90, grid -> {
            double[] p = probabilities(model, grid);
            double[] k = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                k[i] = p[i] >= 0.5 ? 1 : 0;
            }
            return k;
        });
        String label = String.format("%s: train %.0f%%, test %.0f%%", title, 100 * accuracy.train(),
                100 * accuracy.test());
        XYChart chart = Plots.planeChart(label, "x₁", "x₂", bounds, 480, 420);
        Color red = Plots.PALETTE.get(1);
        Color blue = Plots.PALETTE.get(0);
        Plots.addRegions(chart, classes, List.of(Plots.light(red), Plots.light(blue)));
        List<double[]> zeros = new ArrayList<>();
        List<double[]> ones = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            (points.y()[i] == 1 ? ones : zeros).add(points.x()[i]);
        }
        Plots.addPoints(chart, "y = 0", column(zeros, 0), column(zeros, 1), red);
        Plots.addPoints(chart, "y = 1", column(ones, 0), column(ones, 1), blue);
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    private static double[] column(List<double[]> rows, int k) {
        return rows.stream().mapToDouble(r -> r[k]).toArray();
    }
}
