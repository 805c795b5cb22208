package dev.ndgrad.nn;

import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation of images {@code x [N, C, H, W]} per channel, over the batch and all positions (Ioffe and
 * Szegedy, 2015), as PyTorch's {@code BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True,
 * track_running_stats=True)}:
 * <pre>
 * μ_c = mean_{n,h,w} x[n, c, h, w],   σ²_c = mean_{n,h,w} (x − μ_c)²,   y = γ_c · (x − μ_c)/√(σ²_c + ε) + β_c
 * </pre>
 * In training the batch statistics are used and running averages updated,
 * {@code running = (1 − momentum)·running + momentum·batch} (the running variance taking the unbiased
 * {@code σ²·m/(m − 1)}, {@code m = N·H·W}); in {@link #eval()} mode the running averages replace them. The
 * gradient is the full batch-norm backward, through μ and σ². Names and buffers as PyTorch's: {@code weight},
 * {@code bias}, {@code running_mean}, {@code running_var}, {@code num_batches_tracked}.
 */
public final class BatchNorm2d extends BatchNorm {

    /** {@code eps = 1e−5}, {@code momentum = 0.1}, with γ, β and running statistics, default floating dtype. */
    public BatchNorm2d(long features) {
        this(features, 1e-5, 0.1);
    }

    public BatchNorm2d(long features, double eps, double momentum) {
        this(features, eps, momentum, true, true, Nd4j.defaultFloatingPointType());
    }

    /**
     * @param affine whether to learn γ and β
     * @param trackRunningStats whether to keep running averages for eval mode (without, eval uses batch statistics)
     */
    public BatchNorm2d(long features, double eps, double momentum, boolean affine, boolean trackRunningStats,
            DataType dtype) {
        super("BatchNorm2d", features, eps, momentum, affine, trackRunningStats, dtype);
    }

    @Override
    void checkShape(Tensor x) {
        if (!(x.rank() == 4 && x.size(1) == features)) {
            throw new IllegalArgumentException(lenientFormat(
                    "BatchNorm2d(%s): input %s must be [N, %s, H, W]",
                    features, Described.of(x), features));
        }
    }
}
