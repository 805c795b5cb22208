package dev.ndgrad.examples.fashion;

import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of the examples that read Fashion-MNIST: where the files are ({@code --data}), and how much of the
 * training set to use ({@code --train-examples}) and to split off as the dev set ({@code --dev-examples}). Checked
 * with the other options: a folder without the four IDX files is a usage error that says how to get them.
 */
public final class FashionDataOptions {

    /** Fashion-MNIST's training images, of which the dev set is split off. */
    static final int TRAINING_IMAGES = 60_000;

    @Option(names = "--data", paramLabel = "FOLDER",
            description = "Folder with the four Fashion-MNIST IDX files (.gz or not). Default: ${DEFAULT-VALUE}.")
    Path data = FashionData.defaultDir();

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "0",
            description = "Use a stratified subset of N training images (0: all). Default: ${DEFAULT-VALUE}.")
    int trainExamples;

    @Option(names = "--dev-examples", paramLabel = "N", defaultValue = "5000",
            description = "Images split off the training set as the dev set. Default: ${DEFAULT-VALUE}.")
    int devExamples;

    /** The folder given (or the default). */
    public Path dir() {
        return data;
    }

    /** {@code --train-examples}: 0 means all the training images but the dev set. */
    public int trainExamples() {
        return trainExamples;
    }

    /** {@code --dev-examples}. */
    public int devExamples() {
        return devExamples;
    }

    /**
     * Usage errors for a negative subset, a dev set that leaves nothing to train on, and a folder without the data
     * (naming the files missing and how to get them).
     */
    public void check(OptionCheck check) {
        check.atLeast("--train-examples", trainExamples, 0)
                .atLeastOne("--dev-examples", devExamples)
                .require(devExamples < TRAINING_IMAGES, "--dev-examples must be below the " + TRAINING_IMAGES
                        + " training images, got " + devExamples);
        List<String> missing = FashionData.missingFiles(data);
        check.require(missing.isEmpty(), "--data " + data.toAbsolutePath() + ": no Fashion-MNIST there (missing "
                + String.join(", ", missing) + "); install it with 'sudo apt-get install dataset-fashion-mnist' or "
                + "pass --data FOLDER holding the four IDX files");
    }
}
