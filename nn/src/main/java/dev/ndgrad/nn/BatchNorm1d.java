package dev.ndgrad.nn;

import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation of {@code x [batch, n]} per feature (the seeds' form, with examples as rows), or of a
 * sequence {@code [batch, n, length]} per channel over the batch and the positions, as PyTorch's
 * {@code BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)}:
 * <pre>
 * μ = (1/m) Σᵢ xᵢ,   σ² = (1/m) Σᵢ (xᵢ − μ)²,   x̂ = (x − μ) / √(σ² + ε),   y = γ ⊙ x̂ + β
 * </pre>
 * See {@link BatchNorm2d} for images; the training statistics, running averages and eval mode are described
 * there. Names and buffers match PyTorch's: {@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked}.
 */
public final class BatchNorm1d extends BatchNorm {

    /** {@code eps = 1e−5}, {@code momentum = 0.1} (PyTorch's defaults), default floating dtype. */
    public BatchNorm1d(long features) {
        this(features, 1e-5, 0.1);
    }

    public BatchNorm1d(long features, double eps, double momentum) {
        this(features, eps, momentum, Nd4j.defaultFloatingPointType());
    }

    public BatchNorm1d(long features, double eps, double momentum, DataType dtype) {
        this(features, eps, momentum, true, true, dtype);
    }

    /**
     * @param affine whether to learn γ and β
     * @param trackRunningStats whether to keep running averages for eval mode (without, eval uses batch statistics)
     */
    public BatchNorm1d(long features, double eps, double momentum, boolean affine, boolean trackRunningStats,
            DataType dtype) {
        super("BatchNorm1d", features, eps, momentum, affine, trackRunningStats, dtype);
    }

    @Override
    void checkShape(Tensor x) {
        if (!((x.rank() == 2 || x.rank() == 3) && x.size(1) == features)) {
            throw new IllegalArgumentException(lenientFormat(
                    "BatchNorm1d(%s): input %s must be [batch, %s] or [batch, %s, length]", features, Described.of(x),
                    features, features));
        }
    }
}
