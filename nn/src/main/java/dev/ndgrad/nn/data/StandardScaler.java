package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Input normalization, fitted on the training set only: per feature {@code j},
 * {@code μ_j = (1/m) Σ_i x_ij} and {@code σ_j = sqrt((1/m) Σ_i (x_ij − μ_j)²)} (the population standard
 * deviation), and {@code transform(x)_ij = (x_ij − μ_j) / σ_j}. The lecture notes' two steps: subtract the mean,
 * normalize the variances; and use the <em>same</em> {@code μ, σ} for the dev and test sets.
 *
 * <p>A constant feature has {@code σ_j = 0}; it is given {@code σ_j = 1} instead, so it becomes 0 rather than
 * NaN. "Constant" means {@code σ_j ≤ 1e-12 · max(1, |μ_j|)}, which absorbs the rounding of a constant column.
 * The statistics are computed in DOUBLE whatever the input dtype; transforms return the input's dtype.
 *
 * <p>Immutable: {@link #fit} is the only way to get one, and nothing changes it afterwards.
 */
public final class StandardScaler {

    private static final double CONSTANT_TOLERANCE = 1e-12;

    private final INDArray mean;
    private final INDArray std;
    private final long fittedRows;

    private StandardScaler(INDArray mean, INDArray std, long fittedRows) {
        this.mean = mean;
        this.std = std;
        this.fittedRows = fittedRows;
    }

    /** Fits the scaler to the features of the training set. */
    public static StandardScaler fit(Dataset train) {
        return fit(checkNotNull(train, "StandardScaler.fit: train").features());
    }

    /** Fits the scaler to training features {@code [m, d]}. */
    public static StandardScaler fit(INDArray trainFeatures) {
        checkNotNull(trainFeatures, "StandardScaler.fit: features");
        checkArgument(trainFeatures.rank() == 2 && trainFeatures.size(0) > 0,
                "StandardScaler.fit: features must be a non-empty [m, d] matrix, got %s",
                Arrays.toString(trainFeatures.shape()));
        INDArray x = trainFeatures.castTo(DataType.DOUBLE);
        INDArray mean = x.mean(0);
        INDArray std = x.std(false, 0);
        double[] s = std.toDoubleVector();
        double[] mu = mean.toDoubleVector();
        for (int j = 0; j < s.length; j++) {
            if (!(s[j] > CONSTANT_TOLERANCE * Math.max(1, Math.abs(mu[j])))) {
                s[j] = 1; // a constant feature: leave it at x − μ = 0 instead of dividing by zero
            }
        }
        return new StandardScaler(mean.reshape(1, mu.length),
                Nd4j.createFromArray(s).reshape(1, s.length), trainFeatures.size(0));
    }

    /** Per-feature means {@code μ} (a copy, DOUBLE {@code [d]}). */
    public double[] mean() {
        return mean.toDoubleVector();
    }

    /** Per-feature standard deviations {@code σ} with constant features at 1 (a copy, DOUBLE {@code [d]}). */
    public double[] std() {
        return std.toDoubleVector();
    }

    /** The number of features {@code d}. */
    public int numFeatures() {
        return Math.toIntExact(mean.length());
    }

    /** How many examples the statistics were computed from. */
    public long fittedRows() {
        return fittedRows;
    }

    /** {@code (x − μ) / σ} row by row; {@code x} is {@code [n, d]}; the result has {@code x}'s dtype. */
    public INDArray transform(INDArray x) {
        checkShape(x, "transform");
        return x.subRowVector(mean.castTo(x.dataType())).diviRowVector(std.castTo(x.dataType()));
    }

    /** The data set with standardized features and the same labels. */
    public Dataset transform(Dataset dataset) {
        return dataset.withFeatures(transform(dataset.features()));
    }

    /** {@code z · σ + μ}: undoes {@link #transform(INDArray)}. */
    public INDArray inverseTransform(INDArray z) {
        checkShape(z, "inverseTransform");
        return z.mulRowVector(std.castTo(z.dataType())).addiRowVector(mean.castTo(z.dataType()));
    }

    private void checkShape(INDArray x, String op) {
        checkNotNull(x, "StandardScaler.%s: features", op);
        checkArgument(x.rank() == 2 && x.size(1) == mean.length(),
                "StandardScaler.%s: features %s do not have the %s features the scaler was fitted on", op,
                Arrays.toString(x.shape()), mean.length());
        checkArgument(x.dataType().isFPType(), "StandardScaler.%s: features must be floating, got %s", op,
                x.dataType());
    }

    @Override
    public String toString() {
        return "StandardScaler[" + numFeatures() + " features, fitted on " + fittedRows + " rows]";
    }
}
