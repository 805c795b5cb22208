package dev.ndgrad.examples.fashion;

import com.google.common.collect.Range;
import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import dev.ndgrad.optim.train.ProgressDisplay;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code ndgrad fashion}: see {@link FashionExample}. */
@Command(name = "fashion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A deep L-layer ReLU network on Fashion-MNIST: mini-batches, He initialization, Adam, "
                + "dropout, L2, learning-rate decay, early stopping on a dev split; test accuracy (per class too) "
                + "and learning curves.",
                "Needs the data: sudo apt-get install dataset-fashion-mnist, or --data FOLDER with the four IDX files.",
                "Writes learning-curves.png and model.npz."})
public final class FashionCommand extends ExampleCommand {

    @Option(names = "--data", paramLabel = "FOLDER",
            description = "Folder with the four Fashion-MNIST IDX files (.gz or not). Default: ${DEFAULT-VALUE}.")
    Path data = FashionData.defaultDir();

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "0",
            description = "Use a stratified subset of N training images (0: all). Default: ${DEFAULT-VALUE}.")
    int trainExamples;

    @Option(names = "--dev-examples", paramLabel = "N", defaultValue = "5000",
            description = "Images split off the training set as the dev set. Default: ${DEFAULT-VALUE}.")
    int devExamples;

    @Option(names = "--hidden", split = ",", paramLabel = "N", defaultValue = "512,256,128",
            description = "Hidden-layer widths, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Integer> hidden;

    @Option(names = "--dropout", defaultValue = "0.3",
            description = "Dropout probability after every hidden layer. Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Option(names = "--l2", defaultValue = "3.0",
            description = "L2 strength λ of the penalty λ/(2m)·Σ‖W‖². Default: ${DEFAULT-VALUE}.")
    double l2;

    @Option(names = "--epochs", defaultValue = "30",
            description = "Most epochs (early stopping may end sooner). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001",
            description = "Adam's initial learning rate α₀. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--decay", defaultValue = "0.1",
            description = "Learning-rate decay: α = α₀/(1 + decay·epoch). Default: ${DEFAULT-VALUE}.")
    double decay;

    @Option(names = "--patience", defaultValue = "5",
            description = "Early stopping: epochs without a better dev loss. Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--progress", negatable = true,
            description = "Show the progress bar even where the output is not a terminal (--no-progress: no progress "
                    + "at all). Default: a bar in a terminal, one line per epoch elsewhere (a log, a pipe, CI).")
    Boolean progress;

    /** Exit code when the data are missing (the message says how to get them): a usage error. */
    static final int DATA_MISSING = ExitCode.USAGE;

    /** Fashion-MNIST's training images, of which the dev set is split off. */
    private static final int TRAINING_IMAGES = 60_000;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeast("--train-examples", trainExamples, 0)
                .atLeastOne("--dev-examples", devExamples)
                .require(devExamples < TRAINING_IMAGES, "--dev-examples must be below the " + TRAINING_IMAGES
                        + " training images, got " + devExamples)
                .eachAtLeastOne("--hidden", hidden)
                .within("--dropout", dropout, Range.closedOpen(0.0, 1.0))
                .nonNegative("--l2", l2)
                .atLeastOne("--epochs", epochs)
                .atLeastOne("--batch-size", batchSize)
                .positive("--lr", learningRate)
                .nonNegative("--decay", decay)
                .atLeastOne("--patience", patience);
        List<String> missing = FashionData.missingFiles(data);
        check.require(missing.isEmpty(), "--data " + data.toAbsolutePath() + ": no Fashion-MNIST there (missing "
                + String.join(", ", missing) + "); install it with 'sudo apt-get install dataset-fashion-mnist' or "
                + "pass --data FOLDER holding the four IDX files");
    }

    @Override
    protected int run(Path out) {
        ProgressDisplay display = progress == null ? ProgressDisplay.AUTO
                : progress ? ProgressDisplay.BAR : ProgressDisplay.OFF;
        FashionExample.Config config = new FashionExample.Config(data, trainExamples, devExamples, hidden, dropout,
                l2, epochs, batchSize, learningRate, decay, patience, seed(), display, out);
        FashionExample.Result r = FashionExample.run(config, System.out);
        System.out.println("Wrote " + r.learningCurves().toAbsolutePath() + " and " + r.checkpoint().getFileName());
        return 0;
    }
}
