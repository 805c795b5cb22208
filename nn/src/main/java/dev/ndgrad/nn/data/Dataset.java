package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.ndgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A labelled data set: features {@code X} of shape {@code [n, d]} (one example per row, a floating dtype) and
 * labels {@code Y}, either {@code LONG [n]} class indices in {@code 0..numClasses-1} (classification) or floating
 * targets {@code [n, k]} of the features' dtype (regression).
 *
 * <p>Immutable by contract: the arrays are not copied in, so do not change them after handing them over;
 * {@link #batch}, {@link #subset} and {@link #all} never change them either.
 */
public final class Dataset {

    /**
     * The most classes a classification data set may have, {@value}: class labels are indices {@code 0..k-1},
     * and per-class tables ({@link #classCounts()}, stratified splits) have {@code k} entries, so a stray label
     * such as 2e9 (a wrong label column, a regression target) must be an error, not a 16 GB table.
     */
    public static final int MAX_CLASSES = 1 << 20;

    private final INDArray features;
    private final INDArray labels;
    private final int numClasses;
    private final List<String> classNames;

    private Dataset(INDArray features, INDArray labels, int numClasses, List<String> classNames) {
        this.features = features;
        this.labels = labels;
        this.numClasses = numClasses;
        this.classNames = classNames;
    }

    /**
     * A classification data set; the number of classes is {@code max(label) + 1}.
     *
     * @param features {@code [n, d]}, floating
     * @param labels {@code [n]} (or {@code [n, 1]}) class indices {@code 0..k-1}, {@code k ≤} {@link #MAX_CLASSES},
     *     of any numeric dtype; stored as LONG
     * @throws IllegalArgumentException if a label is not a whole number in {@code 0..MAX_CLASSES-1} (the message
     *     names the first such label and its row)
     */
    public static Dataset classification(INDArray features, INDArray labels) {
        INDArray classes = classLabels(features, labels);
        return new Dataset(features, classes, Math.toIntExact(classes.maxNumber().longValue() + 1), List.of());
    }

    /** A classification data set with named classes; every label must be below {@code classNames.size()}. */
    public static Dataset classification(INDArray features, INDArray labels, List<String> classNames) {
        checkArgument(!classNames.isEmpty(), "Dataset: classNames is empty");
        INDArray classes = classLabels(features, labels);
        long max = classes.maxNumber().longValue();
        checkArgument(max < classNames.size(), "Dataset: label %s out of range for %s classes %s", max,
                classNames.size(), classNames);
        return new Dataset(features, classes, classNames.size(), ImmutableList.copyOf(classNames));
    }

    /**
     * A regression data set.
     *
     * @param features {@code [n, d]}, floating
     * @param targets {@code [n]} or {@code [n, k]}; stored as {@code [n, k]} in the features' dtype
     */
    public static Dataset regression(INDArray features, INDArray targets) {
        checkFeatures(features);
        checkNotNull(targets, "Dataset: targets");
        checkArgument(targets.rank() == 1 || targets.rank() == 2, "Dataset: targets must be [n] or [n, k], got %s",
                Arrays.toString(targets.shape()));
        checkRows(features, targets);
        INDArray matrix = targets.rank() == 1 ? targets.reshape(targets.length(), 1) : targets;
        return new Dataset(features, matrix.castTo(features.dataType()), 0, List.of());
    }

    private static INDArray classLabels(INDArray features, INDArray labels) {
        checkFeatures(features);
        checkNotNull(labels, "Dataset: labels");
        checkArgument(labels.rank() == 1 || (labels.rank() == 2 && labels.size(1) == 1),
                "Dataset: class labels must be [n] or [n, 1], got %s", Arrays.toString(labels.shape()));
        checkRows(features, labels);
        INDArray vector = labels.rank() == 1 ? labels : labels.reshape(labels.length());
        double[] values = vector.toDoubleVector();
        for (int row = 0; row < values.length; row++) {
            double v = values[row];
            if (!(v == Math.rint(v) && v >= 0 && v < MAX_CLASSES)) {
                String label = v == Math.rint(v) && Math.abs(v) < 0x1p53 ? Long.toString((long) v) : Double.toString(v);
                throw new IllegalArgumentException("Dataset: class label " + label + " at row " + row + " is not a "
                        + "class index: labels are whole numbers 0..k-1 with k <= " + MAX_CLASSES + " (is this a "
                        + "regression target? use Dataset.regression)");
            }
        }
        return vector.castTo(DataType.INT64);
    }

    private static void checkFeatures(INDArray features) {
        checkNotNull(features, "Dataset: features");
        checkArgument(features.rank() == 2, "Dataset: features must be [n, d], got %s",
                Arrays.toString(features.shape()));
        checkArgument(features.size(0) > 0 && features.size(1) > 0, "Dataset: features %s are empty",
                Arrays.toString(features.shape()));
        checkArgument(features.dataType().isFPType(), "Dataset: features must be floating, got %s",
                features.dataType());
    }

    private static void checkRows(INDArray features, INDArray labels) {
        checkArgument(features.size(0) == labels.size(0), "Dataset: %s feature rows but %s labels", features.size(0),
                labels.size(0));
    }

    // ------------------------------------------------------------------ reading

    /** The number of examples {@code n}. */
    public int size() {
        return Math.toIntExact(features.size(0));
    }

    /** The number of features {@code d}. */
    public int numFeatures() {
        return Math.toIntExact(features.size(1));
    }

    /** The features {@code [n, d]} (not a copy: do not change them). */
    public INDArray features() {
        return features;
    }

    /** The labels: {@code LONG [n]} for classification, {@code [n, k]} floating for regression (not a copy). */
    public INDArray labels() {
        return labels;
    }

    public boolean isClassification() {
        return numClasses > 0;
    }

    /** The number of classes, 0 for a regression data set. */
    public int numClasses() {
        return numClasses;
    }

    /** The class names, or an empty list when the classes are unnamed (or for regression). */
    public List<String> classNames() {
        return classNames;
    }

    /** The features' dtype. */
    public DataType dtype() {
        return features.dataType();
    }

    /** How many examples each class has ({@code [numClasses]}); classification only. */
    public long[] classCounts() {
        checkArgument(isClassification(), "Dataset.classCounts: a regression data set has no classes");
        long[] counts = new long[numClasses];
        for (long label : labels.toLongVector()) {
            counts[(int) label]++;
        }
        return counts;
    }

    // ------------------------------------------------------------------ deriving

    /** The examples at {@code rows}, in that order, as a new data set (one gather of features and of labels). */
    public Dataset subset(int[] rows) {
        checkArgument(rows.length > 0, "Dataset.subset: no rows");
        if (RowGather.isIdentity(rows, size())) {
            return this;
        }
        return new Dataset(RowGather.rows(features, rows).copyToINDArray(), RowGather.rows(labels, rows).copyToINDArray(),
                numClasses, classNames);
    }

    /** The examples at {@code rows} as a mini-batch of constant tensors. */
    public Batch batch(int[] rows) {
        checkArgument(rows.length > 0, "Dataset.batch: no rows");
        if (RowGather.isIdentity(rows, size())) {
            return all();
        }
        return new Batch(Tensor.of(RowGather.rows(features, rows)), Tensor.of(RowGather.rows(labels, rows)));
    }

    /** The whole data set as one batch (no copy): what batch gradient descent and evaluation use. */
    public Batch all() {
        return new Batch(Tensor.of(features), Tensor.of(labels));
    }

    /** The same labels with other features {@code [n, d']} (e.g. standardized ones). */
    public Dataset withFeatures(INDArray newFeatures) {
        checkFeatures(newFeatures);
        checkRows(newFeatures, labels);
        INDArray newLabels = isClassification() ? labels : labels.castTo(newFeatures.dataType());
        return new Dataset(newFeatures, newLabels, numClasses, classNames);
    }

    /** This data set with floating features (and regression targets) of {@code dtype}. */
    public Dataset to(DataType dtype) {
        checkArgument(dtype.isFPType(), "Dataset.to: %s is not a floating dtype", dtype);
        return dtype == dtype() ? this : withFeatures(features.castTo(dtype));
    }

    @Override
    public String toString() {
        String task = isClassification() ? numClasses + " classes" + (classNames.isEmpty() ? "" : " " + classNames)
                : "regression, " + labels.size(1) + " target(s)";
        return "Dataset[" + size() + " x " + numFeatures() + " " + dtype() + ", " + task + "]";
    }
}
