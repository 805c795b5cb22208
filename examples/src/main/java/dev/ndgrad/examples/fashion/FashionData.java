package dev.ndgrad.examples.fashion;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.Datasets;
import dev.ndgrad.nn.data.Splits;
import dev.ndgrad.nn.data.TrainDevTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where Fashion-MNIST is, how the examples split it, and what to tell the user when it is not there. */
public final class FashionData {

    /** The four IDX files of the original release (each may also be stored without {@code .gz}). */
    static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private FashionData() {}

    /** The default folder: where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static Path defaultDir() {
        return Datasets.FASHION_MNIST_DIR;
    }

    /** The files missing from {@code dir} (empty when all four are there). */
    public static List<String> missingFiles(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : FILES) {
            if (!Files.isRegularFile(dir.resolve(name + ".gz")) && !Files.isRegularFile(dir.resolve(name))) {
                missing.add(name + ".gz");
            }
        }
        return missing;
    }

    /**
     * The training images (optionally a stratified subset of {@code trainExamples}), a stratified dev set of
     * {@code devExamples} split off them, and the official 10,000 test images; pixels as read, in {@code [0, 1]}.
     *
     * @param trainExamples the training images to keep besides the dev set; 0 for all of them
     * @param seed the seed of the subset and of the split
     * @throws FashionExample.DataMissingException saying how to get the data when a file is missing
     */
    public static TrainDevTest split(Path dir, int trainExamples, int devExamples, long seed) {
        if (!missingFiles(dir).isEmpty()) {
            throw new FashionExample.DataMissingException(howToGet(dir));
        }
        checkArgument(trainExamples >= 0 && devExamples > 0, "Fashion-MNIST: train examples %s must be >= 0 and dev "
                + "examples %s > 0", trainExamples, devExamples);
        Dataset all = Datasets.fashionMnist(dir, true);
        Dataset test = Datasets.fashionMnist(dir, false);
        int wanted = trainExamples == 0 ? all.size() : Math.min(all.size(), trainExamples + devExamples);
        checkArgument(devExamples < wanted, "Fashion-MNIST: %s dev examples leave no training examples out of %s",
                devExamples, wanted);
        Dataset pool = wanted == all.size() ? all
                : Splits.stratified(all, seed, (double) wanted / all.size(), 1 - (double) wanted / all.size()).get(0);
        double devFraction = (double) devExamples / pool.size();
        List<Dataset> parts = Splits.stratified(pool, seed + 1, 1 - devFraction, devFraction);
        return new TrainDevTest(parts.get(0), parts.get(1), test);
    }

    /** How to get the data, naming the folder that was searched and what it lacks. */
    public static String howToGet(Path dir) {
        return "Fashion-MNIST was not found in " + dir.toAbsolutePath() + " (missing: "
                + String.join(", ", missingFiles(dir)) + ").\n"
                + "Get it in either of two ways:\n"
                + "  - Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist   (installs it in " + defaultDir()
                + ", the default)\n"
                + "  - anywhere: download the four .gz files listed at https://github.com/zalandoresearch/fashion-mnist"
                + " (section \"Get the Data\") into a folder, and pass it with --data FOLDER";
    }
}
