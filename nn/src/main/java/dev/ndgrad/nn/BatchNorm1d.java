package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation of {@code x [batch, n]}, per feature (the seeds' form, with examples as rows):
 * <pre>
 * μ = (1/m) Σᵢ xᵢ,   σ² = (1/m) Σᵢ (xᵢ − μ)²,   x̂ = (x − μ) / √(σ² + ε),   y = γ ⊙ x̂ + β
 * </pre>
 * with a learnable scale {@code γ} ({@code weight}, ones) and shift {@code β} ({@code bias}, zeros). The
 * graph differentiates through μ and σ² too, so the gradient is the full batch-norm backward.
 *
 * <p>In training the batch statistics are used, and running averages are updated (exponentially weighted,
 * as the seeds estimate μ and σ² for test time): {@code running = (1 − momentum)·running + momentum·batch},
 * i.e. the seeds' {@code β = 1 − momentum} (0.9 for the default momentum 0.1); the running variance takes
 * the unbiased batch variance {@code σ²·m/(m − 1)}, as PyTorch does. In {@link #eval()} mode the running
 * averages replace the batch statistics, so a single example can be normalised.
 *
 * <p>Names and buffers match PyTorch's {@code BatchNorm1d}: {@code weight}, {@code bias},
 * {@code running_mean}, {@code running_var}, {@code num_batches_tracked}.
 */
public final class BatchNorm1d extends Module {

    private final long features;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Parameter batchesTracked;

    /** {@code eps = 1e−5}, {@code momentum = 0.1} (PyTorch's defaults), default floating dtype. */
    public BatchNorm1d(long features) {
        this(features, 1e-5, 0.1);
    }

    public BatchNorm1d(long features, double eps, double momentum) {
        this(features, eps, momentum, Nd4j.defaultFloatingPointType());
    }

    @SuppressWarnings("deprecation")   // DataType.LONG: the integer dtype ND4J creates from long[] (Tensor.indices too)
    public BatchNorm1d(long features, double eps, double momentum, DataType dtype) {
        checkArgument(features > 0, "BatchNorm1d: features must be positive, got %s", features);
        checkArgument(eps > 0, "BatchNorm1d: eps must be positive, got %s", eps);
        checkArgument(momentum >= 0 && momentum <= 1, "BatchNorm1d: momentum must be in [0, 1], got %s", momentum);
        checkArgument(dtype != null && dtype.isFPType(), "BatchNorm1d: needs a floating dtype, got %s", dtype);
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = param("weight", Tensor.ones(dtype, features));
        this.bias = param("bias", Tensor.zeros(dtype, features));
        this.runningMean = buffer("running_mean", Tensor.zeros(dtype, features));
        this.runningVar = buffer("running_var", Tensor.ones(dtype, features));
        this.batchesTracked = buffer("num_batches_tracked", Tensor.of(Kernels.fromLongs(new long[] {0})));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor gamma = weight.get();
        checkArgument(x.rank() == 2 && x.size(1) == features, "BatchNorm1d(%s): input %s must be [batch, %s]",
                features, Described.of(x), features);
        checkArgument(x.dtype() == gamma.dtype(), "BatchNorm1d(%s): input %s has dtype %s, the layer %s", features,
                Described.of(x), x.dtype(), gamma.dtype());
        Tensor normalised;
        if (isTraining()) {
            long m = x.size(0);
            checkArgument(m > 1, "BatchNorm1d(%s): training needs more than one example per batch to estimate the "
                    + "variance, got %s (use eval() for single examples)", features, Described.of(x));
            Tensor mean = x.mean(0, true);
            Tensor centered = x.sub(mean);
            Tensor variance = centered.square().mean(0, true);
            normalised = centered.div(variance.add(eps).sqrt());
            updateRunningStatistics(mean.storage(), variance.storage(), m);
        } else {
            normalised = x.sub(runningMean.get()).div(runningVar.get().add(eps).sqrt());
        }
        return normalised.mul(gamma).add(bias.get());
    }

    /** On the arrays, not in the graph: the running averages are state, not part of the function differentiated. */
    private void updateRunningStatistics(Storage mean, Storage variance, long m) {
        // r ← (1 − momentum)·r + momentum·statistic, the variance made unbiased by m/(m − 1), as PyTorch
        runningMean.get().updateStorage(r -> {
            Kernels.scaleInPlace(r, 1 - momentum);
            Kernels.axpyInPlace(momentum, Kernels.reshape(mean, new long[] {features}), r);
        });
        double unbiased = momentum * m / (m - 1.0);
        runningVar.get().updateStorage(r -> {
            Kernels.scaleInPlace(r, 1 - momentum);
            Kernels.axpyInPlace(unbiased, Kernels.reshape(variance, new long[] {features}), r);
        });
        long tracked = (long) batchesTracked.get().item();
        batchesTracked.get().updateStorage(n -> Kernels.assign(n, Kernels.fromLongs(new long[] {tracked + 1})));
    }

    /** The scale γ {@code [n]}. */
    public Tensor weight() {
        return weight.get();
    }

    /** The shift β {@code [n]}. */
    public Tensor bias() {
        return bias.get();
    }

    /** The running average of the batch means {@code [n]}, used in eval mode. */
    public Tensor runningMean() {
        return runningMean.get();
    }

    /** The running average of the (unbiased) batch variances {@code [n]}, used in eval mode. */
    public Tensor runningVar() {
        return runningVar.get();
    }

    @Override
    protected String extraRepr() {
        return features + ", eps=" + eps + ", momentum=" + momentum;
    }
}
