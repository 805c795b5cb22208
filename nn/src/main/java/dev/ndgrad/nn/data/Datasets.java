package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The data sets ndgrad ships with (from the UCI Machine Learning Repository, CC BY 4.0, as bundled by
 * scikit-learn; and a public-domain text for language models), and Fashion-MNIST read from the Debian package
 * {@code dataset-fashion-mnist}.
 *
 * <p>Features come raw, as in the files, in {@link Nd4j#defaultFloatingPointType()}; standardize them with a
 * {@link StandardScaler} fitted on the training part. Labels are {@code LONG} class indices.
 */
public final class Datasets {

    /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The Fashion-MNIST classes, in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String RESOURCES = "/dev/ndgrad/nn/data/";

    private Datasets() {
    }

    /** Fisher's Iris: 150 flowers, 4 measurements in cm, 3 classes (setosa, versicolor, virginica). */
    public static Dataset iris() {
        return resource("iris.csv", CsvReader.builder().sklearnHeader().build());
    }

    /**
     * Wisconsin Diagnostic Breast Cancer: 569 tumours, 30 real features (of very different scales), 2 classes:
     * 0 malignant, 1 benign.
     */
    public static Dataset breastCancer() {
        return resource("breast_cancer.csv", CsvReader.builder().sklearnHeader().build());
    }

    /**
     * Hand-written digits (UCI "Optical Recognition of Handwritten Digits", test part): 1797 images of 8x8
     * pixels with values 0..16, rows of 64 pixels (row-major), 10 classes 0..9.
     */
    public static Dataset digits() {
        Dataset raw = resource("digits.csv.gz", CsvReader.builder().build());
        checkArgument(raw.numFeatures() == 64 && raw.numClasses() == 10, "Datasets.digits: unexpected %s", raw);
        return Dataset.classification(raw.features(), raw.labels(),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    /**
     * The first ten chapters of Jane Austen's <i>Pride and Prejudice</i> (1813, public domain; the Project
     * Gutenberg text, eBook #1342): 87,051 characters of English prose with the original hard line breaks, from
     * the title to the end of chapter 10. A corpus for character-level language models.
     */
    public static String prideAndPrejudice() {
        try (InputStream in = open("pride_and_prejudice.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Datasets: cannot read resource pride_and_prejudice.txt: "
                    + e.getMessage(), e);
        }
    }

    /** Fashion-MNIST from {@link #FASHION_MNIST_DIR}; see {@link #fashionMnist(Path, boolean)}. */
    public static Dataset fashionMnist(boolean train) {
        return fashionMnist(FASHION_MNIST_DIR, train);
    }

    /**
     * Fashion-MNIST (Zalando): 60,000 training or 10,000 test images of 28x28 grey pixels, as rows of 784 values
     * scaled from 0..255 to {@code [0, 1]}, 10 classes ({@link #FASHION_MNIST_CLASSES}).
     *
     * @param dir a directory with {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
     *     {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz} (the names of the original
     *     release and of the Debian package; the files may also be uncompressed without {@code .gz})
     * @param train the training set if true, else the test set
     * @throws IllegalStateException naming the directory and the package to install when a file is missing
     */
    public static Dataset fashionMnist(Path dir, boolean train) {
        String prefix = train ? "train" : "t10k";
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        return idxImages(images, labels, FASHION_MNIST_CLASSES);
    }

    /**
     * Images and labels in the IDX format of MNIST: {@code images} of shape {@code [n, h, w]} become rows of
     * {@code h·w} pixels divided by 255 (for unsigned bytes), {@code labels} of shape {@code [n]} class indices.
     */
    public static Dataset idxImages(Path images, Path labels, List<String> classNames) {
        INDArray pixels = IdxReader.read(images);
        INDArray classes = IdxReader.read(labels);
        checkArgument(pixels.rank() == 3, "Datasets.idxImages: %s has shape %s, expected [n, height, width]", images,
                Arrays.toString(pixels.shape()));
        checkArgument(classes.rank() == 1 && classes.length() == pixels.size(0),
                "Datasets.idxImages: %s has shape %s, expected [%s] labels for %s", labels,
                Arrays.toString(classes.shape()), pixels.size(0), images);
        INDArray rows = pixels.castTo(Nd4j.defaultFloatingPointType()).reshape('c',
                new long[] {pixels.size(0), pixels.size(1) * pixels.size(2)});
        if (pixels.dataType() == DataType.UINT8) {
            rows.divi(255.0);
        }
        try {
            return classNames.isEmpty() ? Dataset.classification(rows, classes)
                    : Dataset.classification(rows, classes, classNames);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Datasets.idxImages: " + labels + ": " + e.getMessage(), e);
        }
    }

    private static Path find(Path dir, String name) {
        for (String candidate : List.of(name + ".gz", name)) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("Datasets: Fashion-MNIST file " + name + "(.gz) not found in "
                + dir.toAbsolutePath() + "; install it with `apt-get install dataset-fashion-mnist` (files in "
                + FASHION_MNIST_DIR + ") or pass the directory that holds the four IDX files");
    }

    private static Dataset resource(String name, CsvReader reader) {
        try (InputStream in = open(name)) {
            return reader.read(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException("Datasets: cannot read resource " + name + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = Datasets.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IllegalStateException("Datasets: resource " + RESOURCES + name + " is missing from the "
                    + "classpath (it ships in the ndgrad-nn jar)");
        }
        return in;
    }
}
