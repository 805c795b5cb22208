package dev.ndgrad.examples.fashion;

import dev.ndgrad.nn.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where Fashion-MNIST is, and what to tell the user when it is not there. */
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
