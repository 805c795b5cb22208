package dev.ndgrad.examples.fashion;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.plot.LearningCurves;
import dev.ndgrad.nn.Dropout;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Regularization;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Batch;
import dev.ndgrad.nn.data.DataLoader;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.Datasets;
import dev.ndgrad.nn.data.Splits;
import dev.ndgrad.nn.data.TrainDevTest;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.Schedules;
import dev.ndgrad.optim.train.EarlyStopping;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.ProgressDisplay;
import dev.ndgrad.optim.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A deep L-layer ReLU network on Fashion-MNIST (28×28 grey images of clothes, 10 classes): the seeds'
 * practical recipe in one run. Mini-batches; He initialization; Adam; inverted dropout; an L2 penalty; the
 * learning-rate decay {@code α = α₀/(1 + decay·epoch)}; inputs standardized with the training set's
 * statistics; early stopping on a dev set split off the training set (stratified), keeping the best
 * epoch's weights; the untouched test set scored once at the end.
 */
public final class FashionExample {

    /** The run's settings; {@code trainExamples} 0 means all 60,000 (less the dev set). */
    public record Config(Path dataDir, int trainExamples, int devExamples, List<Integer> hidden, double dropout,
            double l2, int epochs, int batchSize, double learningRate, double decay, int patience, long seed,
            ProgressDisplay progress, Path outputDir) {
        public Config {
            hidden = List.copyOf(hidden);
            checkArgument(trainExamples >= 0 && devExamples > 0, "fashion: train examples %s must be >= 0 and dev "
                    + "examples %s > 0", trainExamples, devExamples);
            checkArgument(dropout >= 0 && dropout < 1, "fashion: dropout %s must be in [0, 1)", dropout);
        }
    }

    /** The history, the accuracies (test per class too), and the files written. */
    public record Result(History history, double trainAccuracy, double devAccuracy, double testAccuracy,
            Map<String, Double> testAccuracyByClass, Path learningCurves, Path checkpoint, double seconds) {}

    /** Thrown when the data are not where the config says; its message says how to get them. */
    public static final class DataMissingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DataMissingException(String message) {
            super(message);
        }
    }

    private FashionExample() {}

    public static Result run(Config config, PrintStream log) {
        if (!FashionData.missingFiles(config.dataDir()).isEmpty()) {
            throw new DataMissingException(FashionData.howToGet(config.dataDir()));
        }
        long start = System.nanoTime();
        TrainDevTest data = load(config);
        log.printf("Fashion-MNIST from %s: %d train / %d dev / %d test images of %d pixels, standardized with the "
                + "training set's statistics%n", config.dataDir(), data.train().size(), data.dev().size(),
                data.test().size(), data.train().numFeatures());

        Sequential model = network(data.train().numFeatures(), config, data.train().numClasses());
        log.printf("Network (%,d parameters):%n%s%n", model.parameterCount(), model);
        long m = data.train().size();
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), config.learningRate()),
                        Losses::crossEntropy)
                .epochs(config.epochs()).batchSize(config.batchSize()).seed(config.seed())
                .penalty(() -> Regularization.l2(model, config.l2(), m))
                .schedule(Schedules.inverseTimeDecay(config.learningRate(), config.decay()))
                .earlyStopping(new EarlyStopping(config.patience(), 1e-4))
                .progress(config.progress())
                .build();
        History history = trainer.fit(data.train(), data.dev());
        log.printf("Stopped: %s after %d epochs; kept the weights of epoch %d (lowest dev loss)%n",
                history.stopReason(), history.size(), history.restoredEpoch() + 1);

        double train = trainer.evaluate(data.train()).metric();
        double dev = trainer.evaluate(data.dev()).metric();
        double test = trainer.evaluate(data.test()).metric();
        log.printf("Accuracy: train %.2f%%, dev %.2f%%, test %.2f%%%n", 100 * train, 100 * dev, 100 * test);
        Map<String, Double> byClass = accuracyByClass(model, data.test());
        log.println("Test accuracy by class:");
        byClass.forEach((name, accuracy) -> log.printf("  %-12s %5.1f%%%n", name, 100 * accuracy));

        Path curves = LearningCurves.save(history, "Fashion-MNIST", config.outputDir().resolve("learning-curves.png"));
        Path checkpoint = config.outputDir().resolve("model.npz");
        model.save(checkpoint);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf("Done in %.0f s%n", seconds);
        return new Result(history, train, dev, test, byClass, curves, checkpoint, seconds);
    }

    /**
     * Train (optionally a stratified subset), a stratified dev set of {@code devExamples} split off it, and the
     * official test set; all standardized with the training part's mean and deviation per pixel.
     */
    static TrainDevTest load(Config config) {
        Dataset all = Datasets.fashionMnist(config.dataDir(), true);
        Dataset test = Datasets.fashionMnist(config.dataDir(), false);
        int wanted = config.trainExamples() == 0 ? all.size() : Math.min(all.size(),
                config.trainExamples() + config.devExamples());
        checkArgument(config.devExamples() < wanted, "fashion: %s dev examples leave no training examples out of %s",
                config.devExamples(), wanted);
        Dataset pool = wanted == all.size() ? all
                : Splits.stratified(all, config.seed(), (double) wanted / all.size(), 1 - (double) wanted / all.size())
                        .get(0);
        double devFraction = (double) config.devExamples() / pool.size();
        List<Dataset> parts = Splits.stratified(pool, config.seed() + 1, 1 - devFraction, devFraction);
        return new TrainDevTest(parts.get(0), parts.get(1), test).standardized();
    }

    /** {@code Linear → ReLU → Dropout} per hidden layer (He-normal weights), then a linear output of logits. */
    static Sequential network(int inputs, Config config, int classes) {
        Sequential network = new Sequential();
        int previous = inputs;
        for (int i = 0; i < config.hidden().size(); i++) {
            int width = config.hidden().get(i);
            network.append(new Linear(previous, width, true, DataType.FLOAT, config.seed() + i)).append(new ReLU());
            if (config.dropout() > 0) {
                network.append(new Dropout(config.dropout(), config.seed() + 100 + i));
            }
            previous = width;
        }
        return network.append(new Linear(previous, classes, true, DataType.FLOAT, config.seed() + 99));
    }

    /** The fraction of each class's test images predicted right ({@code argmax} of the logits). */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    static Map<String, Double> accuracyByClass(Sequential model, Dataset test) {
        int classes = test.numClasses();
        long[] correct = new long[classes];
        long[] total = new long[classes];
        model.eval();
        try (var off = Autograd.noGrad()) {
            for (Batch batch : DataLoader.sequential(test.to(DataType.FLOAT), 2000)) {
                Tensor predicted = model.forward(batch.features()).argmax(1);
                long[] p = predicted.data().toLongVector();
                long[] y = batch.labels().data().toLongVector();
                for (int i = 0; i < y.length; i++) {
                    total[(int) y[i]]++;
                    correct[(int) y[i]] += p[i] == y[i] ? 1 : 0;
                }
            }
        }
        Map<String, Double> byClass = new LinkedHashMap<>();
        List<String> names = test.classNames();
        for (int k = 0; k < classes; k++) {
            byClass.put(names.isEmpty() ? String.valueOf(k) : names.get(k),
                    total[k] == 0 ? Double.NaN : (double) correct[k] / total[k]);
        }
        return byClass;
    }
}
