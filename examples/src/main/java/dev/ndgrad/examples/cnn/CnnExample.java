package dev.ndgrad.examples.cnn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.fashion.ClassPredictions;
import dev.ndgrad.examples.fashion.FashionData;
import dev.ndgrad.examples.fashion.FashionExample;
import dev.ndgrad.examples.plot.ImageGrid;
import dev.ndgrad.examples.plot.LearningCurves;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.ModelSummary;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.TrainDevTest;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.Schedules;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.ProgressDisplay;
import dev.ndgrad.optim.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A small convolutional network ({@link FashionCnn}: convolution, batch norm, ReLU and max-pooling blocks, then a
 * fully connected classifier with dropout) on Fashion-MNIST. It trains with Adam on mini-batches, the learning rate
 * following a cosine from α₀ down to α₀/100 over all the steps; a stratified dev set split off the training
 * images is scored after every epoch and the untouched test set once at the end. Pixels stay in {@code [0, 1]}:
 * the batch norm after the first convolution standardizes what the network sees. Writes the learning curves, a
 * grid of test images the network got wrong with their true and predicted classes, and the weights.
 */
public final class CnnExample {

    /** The run's settings; {@code trainExamples} 0 means all 60,000 training images less the dev set. */
    public record Config(Path dataDir, int trainExamples, int devExamples, List<Integer> channels, int hidden,
            double dropout, int epochs, int batchSize, double learningRate, int shown, long seed,
            ProgressDisplay progress, Path outputDir) {
        public Config {
            channels = List.copyOf(channels);
            checkArgument(hidden > 0 && epochs > 0 && batchSize > 0 && shown > 0, "cnn: hidden %s, epochs %s, batch "
                    + "size %s and images shown %s must be positive", hidden, epochs, batchSize, shown);
            checkArgument(dropout >= 0 && dropout < 1, "cnn: dropout %s must be in [0, 1)", dropout);
            checkArgument(learningRate > 0, "cnn: learning rate %s must be positive", learningRate);
        }
    }

    /**
     * What the run measured and wrote.
     *
     * @param history             train and dev loss and accuracy per epoch
     * @param testAccuracy        the fraction of the 10,000 test images classified right
     * @param testAccuracyByClass the same per class, in label order
     * @param misclassified       how many test images it got wrong
     */
    public record Result(History history, double testAccuracy, Map<String, Double> testAccuracyByClass,
            int misclassified, long parameters, Path learningCurves, Path misclassifiedImages, Path checkpoint,
            double seconds) {}

    /** Fashion-MNIST's images are 28 × 28. */
    static final int SIDE = 28;
    /** Misclassified images per row of the grid. */
    static final int COLUMNS = 8;
    /** Each pixel of the grid as a square of this many screen pixels. */
    static final int SCALE = 3;

    private CnnExample() {}

    /** @throws FashionExample.DataMissingException saying how to get the data when they are not there */
    public static Result run(Config config, PrintStream log) {
        long start = System.nanoTime();
        TrainDevTest data = FashionData.split(config.dataDir(), config.trainExamples(), config.devExamples(),
                config.seed());
        log.printf(Locale.ROOT, "Fashion-MNIST from %s: %,d train / %,d dev / %,d test images of %dx%d pixels in "
                + "[0, 1]%n", config.dataDir(), data.train().size(), data.dev().size(), data.test().size(), SIDE, SIDE);

        FashionCnn model = new FashionCnn(SIDE, config.channels(), config.hidden(), config.dropout(),
                data.train().numClasses(), config.seed());
        log.println(ModelSummary.of(model, Tensor.of(data.test().features()).slice(0, 0, 1)));
        int stepsPerEpoch = (data.train().size() + config.batchSize() - 1) / config.batchSize();
        int steps = config.epochs() * stepsPerEpoch;
        log.printf(Locale.ROOT, "Training: %d epochs of %,d steps (mini-batches of %d), Adam, learning rate %s "
                + "decaying along a cosine to a hundredth of it at the last step%n", config.epochs(), stepsPerEpoch,
                config.batchSize(), config.learningRate());
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), config.learningRate()),
                        Losses::crossEntropy)
                .epochs(config.epochs()).batchSize(config.batchSize()).seed(config.seed())
                .schedule(Schedules.perStep(Schedules.cosineWithWarmup(config.learningRate(), 0, steps,
                        config.learningRate() / 100)))
                .progress(config.progress())
                .build();
        History history = trainer.fit(data.train(), data.dev());

        ClassPredictions test = ClassPredictions.of(model, data.test());
        log.printf(Locale.ROOT, "%nTest accuracy: %.2f%% (%,d of %,d images wrong); last epoch: train %.2f%% (with "
                + "dropout, while training), dev %.2f%%%n", 100 * test.accuracy(), test.wrong().length, test.size(),
                100 * history.last().trainMetric(), 100 * history.last().devMetric());
        Map<String, Double> byClass = test.accuracyByClass();
        log.println("Test accuracy by class:");
        byClass.forEach((name, accuracy) -> log.printf(Locale.ROOT, "  %-12s %5.1f%%%n", name, 100 * accuracy));

        Path curves = LearningCurves.save(history, "CNN on Fashion-MNIST",
                config.outputDir().resolve("cnn-learning-curves.png"));
        Path wrong = misclassifiedGrid(test, data.test(), config.shown(),
                config.outputDir().resolve("cnn-misclassified.png"));
        Path checkpoint = config.outputDir().resolve("cnn.npz");
        model.save(checkpoint);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "Done in %.0f s%n", seconds);
        return new Result(history, test.accuracy(), byClass, test.wrong().length, model.parameterCount(), curves,
                wrong, checkpoint, seconds);
    }

    /**
     * A grid of the first {@code most} test images predicted wrong, each captioned with its true and its predicted
     * class (when every image was right, the first few, so that the picture still shows what the model reads).
     */
    static Path misclassifiedGrid(ClassPredictions predictions, Dataset images, int most, Path file) {
        int[] wrong = predictions.wrong();
        String title = wrong.length == 0
                ? "The CNN got every one of the " + predictions.size() + " test images right; the first few"
                : String.format(Locale.ROOT, "Test images the CNN got wrong: the first %d of %,d (true class, then "
                        + "predicted)", Math.min(most, wrong.length), wrong.length);
        int[] candidates = wrong.length > 0 ? wrong : IntStream.range(0, images.size()).toArray();
        int[] shown = Arrays.copyOf(candidates, Math.min(most, candidates.length));
        double[] pixels = Tensor.of(images.subset(shown).features()).toDoubleArray();
        List<String> names = predictions.classNames();
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (int k = 0; k < shown.length; k++) {
            int i = shown[k];
            tiles.add(new ImageGrid.Tile(Arrays.copyOfRange(pixels, k * SIDE * SIDE, (k + 1) * SIDE * SIDE), SIDE,
                    SIDE, List.of("true: " + names.get(predictions.expected(i)),
                            "predicted: " + names.get(predictions.predicted(i)))));
        }
        return ImageGrid.save(file, title, tiles, COLUMNS, SCALE);
    }
}
