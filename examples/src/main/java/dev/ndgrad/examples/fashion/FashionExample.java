package dev.ndgrad.examples.fashion;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.examples.plot.LearningCurves;
import dev.ndgrad.nn.Dropout;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Regularization;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.TrainDevTest;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.Schedules;
import dev.ndgrad.optim.train.EarlyStopping;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.ProgressDisplay;
import dev.ndgrad.optim.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
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

    /** Thrown when the data are not where they should be; its message says how to get them. */
    public static final class DataMissingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DataMissingException(String message) {
            super(message);
        }
    }

    private FashionExample() {}

    public static Result run(Config config, PrintStream log) {
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
        Map<String, Double> byClass = ClassPredictions.of(model, data.test()).accuracyByClass();
        log.println("Test accuracy by class:");
        byClass.forEach((name, accuracy) -> log.printf("  %-12s %5.1f%%%n", name, 100 * accuracy));

        Path curves = LearningCurves.save(history, "Fashion-MNIST", config.outputDir().resolve("learning-curves.png"));
        Path checkpoint = config.outputDir().resolve("model.npz");
        model.save(checkpoint);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf("Done in %.0f s%n", seconds);
        return new Result(history, train, dev, test, byClass, curves, checkpoint, seconds);
    }

    /** {@link FashionData#split}, standardized with the training part's mean and deviation per pixel. */
    static TrainDevTest load(Config config) {
        return FashionData.split(config.dataDir(), config.trainExamples(), config.devExamples(), config.seed())
                .standardized();
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
}
