package dev.ndgrad.examples.demo;

import dev.ndgrad.examples.ExampleOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ndgrad demo}: the main job; see {@link DemoExample}. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The main job: define a deep ReLU network in code, gradient-check it (DOUBLE, dropout off, "
                + "L2 included, at random initialization), train it on a shipped data set with a progress bar "
                + "(mini-batches, Adam, learning-rate decay, L2, dropout, early stopping on the dev set), print "
                + "train/dev/test accuracy and the bias/variance diagnosis, and write learning-curves.png and a "
                + "checkpoint model.npz.", ""})
public final class DemoCommand implements Callable<Integer> {

    private static final DemoConfig DEFAULTS = DemoConfig.defaults(null);

    @Option(names = "--data", converter = DataConverter.class, paramLabel = "NAME",
            description = "Shipped data set: digits, iris or breast-cancer. Default: digits.")
    ShippedData data = DEFAULTS.data();

    @Option(names = "--epochs", description = "Most epochs to train (early stopping may end sooner). Default: 60.")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--batch-size", description = "Mini-batch size. Default: 64.")
    int batchSize = DEFAULTS.batchSize();

    @Option(names = "--lr", description = "Adam's initial learning rate α₀. Default: 0.002.")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--decay", description = "Learning-rate decay: α = α₀/(1 + decay·epoch). Default: 0.05.")
    double decay = DEFAULTS.decay();

    @Option(names = "--hidden", split = ",", paramLabel = "N",
            description = "Hidden-layer widths, comma-separated. Default: 128,64.")
    List<Integer> hidden = DEFAULTS.hidden();

    @Option(names = "--dropout", description = "Dropout probability after every hidden layer but the last. "
            + "Default: 0.2.")
    double dropout = DEFAULTS.dropout();

    @Option(names = "--l2", description = "L2 strength λ of the penalty λ/(2m)·Σ‖W‖². Default: 1.0.")
    double l2 = DEFAULTS.l2();

    @Option(names = "--patience", description = "Early stopping: epochs without a better dev loss. Default: 8.")
    int patience = DEFAULTS.patience();

    @Option(names = "--grad-check", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Gradient-check the network before training (--no-grad-check to skip). Default: on.")
    boolean gradCheck;

    @Option(names = "--grad-check-directions", paramLabel = "K",
            description = "Random directions of the fast gradient check over all parameters. Default: 20.")
    int directions = DEFAULTS.gradCheckDirections();

    @Option(names = "--progress", negatable = true,
            description = "Show the progress bar (--no-progress to hide it). Default: when run in a terminal, "
                    + "not on CI.")
    Boolean progress;

    @Mixin
    ExampleOptions options;

    @Override
    public Integer call() {
        DemoConfig config = new DemoConfig(data, hidden, dropout, l2, epochs, batchSize, learningRate, decay,
                patience, gradCheck, directions, progress, options.seed(), options.outputDir("demo"));
        DemoExample.Result result = DemoExample.run(config, System.out);
        return result.ok() ? 0 : 1;
    }

    /** {@code --data NAME} to a {@link ShippedData}. */
    static final class DataConverter implements ITypeConverter<ShippedData> {
        @Override
        public ShippedData convert(String value) {
            return ShippedData.parse(value);
        }
    }
}
