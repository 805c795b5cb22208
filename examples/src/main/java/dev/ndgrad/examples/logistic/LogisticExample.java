package dev.ndgrad.examples.logistic;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.plot.Plots;
import dev.ndgrad.nn.Init;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.Sigmoid;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.Datasets;
import dev.ndgrad.nn.data.Splits;
import dev.ndgrad.nn.data.TrainDevTest;
import dev.ndgrad.optim.SGD;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Logistic regression as one neuron, on the Wisconsin breast-cancer data (569 tumours, 30
 * features, standardized with the training set's statistics; stratified 60/20/20 train/dev/test).
 *
 * <p>First the seeds' view ({@link OneNeuron}): forward, cost and hand-derived gradients written
 * out, plain batch gradient descent. Then the same model the framework's way,
 * {@code Sequential(Linear(30, 1), Sigmoid())} with {@link Losses#binaryCrossEntropy} and
 * {@link SGD}: autograd derives the gradients. Both start from zero weights, as the seeds do, so the
 * two runs must follow the same path: their costs agree at every iteration, and autograd's gradient
 * at the start equals the hand-derived {@code dw = Xᵀ(a − y)/m}.
 */
public final class LogisticExample {

    /** Both runs' costs and accuracies, and how far apart the two ways are. */
    public record Result(double[] seedCosts, double[] moduleCosts, double maxCostDifference,
            double startGradientDifference, double seedTrainAccuracy, double seedTestAccuracy,
            double moduleTrainAccuracy, double moduleDevAccuracy, double moduleTestAccuracy, Path plot) {}

    private LogisticExample() {}

    public static Result run(int iterations, double learningRate, long seed, Path outputDir, PrintStream log) {
        TrainDevTest data = Splits.stratifiedTrainDevTest(Datasets.breastCancer(), 0.6, 0.2, 0.2, seed).standardized();
        Tensor x = data.train().all().features();
        Tensor y = binaryTargets(data.train());
        log.printf("Breast cancer: %d train, %d dev, %d test examples, %d features (standardized)%n",
                data.train().size(), data.dev().size(), data.test().size(), data.train().numFeatures());

        // 1. The seeds' view: formulas by hand.
        OneNeuron.Parameters p = OneNeuron.Parameters.zeros(x.dtype(), x.size(1));
        double[] seedCosts = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            OneNeuron.Gradients g = OneNeuron.gradients(p, x, y);
            seedCosts[i] = g.cost();
            p = OneNeuron.step(p, g, learningRate);
        }
        OneNeuron.Parameters trained = p;
        double seedTrain = accuracy(t -> OneNeuron.forward(trained, t), data.train());
        double seedTest = accuracy(t -> OneNeuron.forward(trained, t), data.test());
        log.printf("One neuron by hand:        cost %.4f after %d iterations, train accuracy %.2f%%, test %.2f%%%n",
                seedCosts[iterations - 1], iterations, 100 * seedTrain, 100 * seedTest);

        // 2. The same model with modules, a loss and an optimizer; autograd does the backward pass.
        Linear linear = new Linear(x.size(1), 1, true, x.dtype(), seed);
        Init.zeros(linear.weight());
        Module model = new Sequential(linear, new Sigmoid());
        double startGradientDifference = startGradientDifference(model, linear, x, y);
        SGD sgd = new SGD(model.parameters(), learningRate);
        double[] moduleCosts = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            sgd.zeroGrad();
            Tensor cost = Losses.binaryCrossEntropy(model.forward(x), y);
            moduleCosts[i] = cost.item();
            cost.backward();
            sgd.step();
        }
        double moduleTrain = accuracy(model::forward, data.train());
        double moduleDev = accuracy(model::forward, data.dev());
        double moduleTest = accuracy(model::forward, data.test());
        log.printf("Linear + Sigmoid + SGD:    cost %.4f after %d iterations, train accuracy %.2f%%, dev %.2f%%, "
                + "test %.2f%%%n", moduleCosts[iterations - 1], iterations, 100 * moduleTrain, 100 * moduleDev,
                100 * moduleTest);
        double maxCostDifference = 0;
        for (int i = 0; i < iterations; i++) {
            maxCostDifference = Math.max(maxCostDifference, Math.abs(seedCosts[i] - moduleCosts[i]));
        }
        log.printf("The two ways agree: autograd's gradient at the start vs dw = Xᵀ(a − y)/m: max |diff| %.2e; "
                + "costs along the way: max |diff| %.2e%n", startGradientDifference, maxCostDifference);

        XYChart chart = Plots.lineChart("Logistic regression on breast cancer: cost per iteration", "iteration",
                "cost J");
        Plots.addCurve(chart, "one neuron, gradients by hand", seedCosts).setLineWidth(6f);
        Plots.addCurve(chart, "Linear + Sigmoid, autograd + SGD", moduleCosts);
        Path plot = Plots.save(chart, outputDir.resolve("logistic-cost.png"));
        return new Result(seedCosts, moduleCosts, maxCostDifference, startGradientDifference, seedTrain, seedTest,
                moduleTrain, moduleDev, moduleTest, plot);
    }

    /** Labels {@code LONG [m]} as the {@code [m, 1]} floating targets binary cross-entropy takes. */
    static Tensor binaryTargets(Dataset dataset) {
        Tensor labels = dataset.all().labels();
        return labels.to(dataset.dtype()).reshape(labels.size(0), 1);
    }

    /** Fraction of examples where {@code a ≥ 0.5} matches the label. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    static double accuracy(java.util.function.Function<Tensor, Tensor> probability, Dataset dataset) {
        try (var off = Autograd.noGrad()) {
            double[] a = probability.apply(dataset.all().features()).toDoubleArray();
            double[] y = binaryTargets(dataset).toDoubleArray();
            int correct = 0;
            for (int i = 0; i < a.length; i++) {
                correct += (a[i] >= 0.5) == (y[i] == 1) ? 1 : 0;
            }
            return (double) correct / a.length;
        }
    }

    /** max |∂J/∂w (autograd) − Xᵀ(a − y)/m (by hand)| at the model's current (zero) weights. */
    private static double startGradientDifference(Module model, Linear linear, Tensor x, Tensor y) {
        Tensor cost = Losses.binaryCrossEntropy(model.forward(x), y);
        Tensor autogradDw = Autograd.grad(List.of(cost), List.of(linear.weight()), false).get(0);
        OneNeuron.Parameters zero = OneNeuron.Parameters.zeros(x.dtype(), x.size(1));
        Tensor byHand = OneNeuron.gradients(zero, x, y).dw();
        // Linear keeps W as [out, in] = [1, n]; the one-neuron w is [n, 1].
        return byHand.sub(autogradDw.transpose()).abs().max().item();
    }
}
