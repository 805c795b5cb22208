package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Batch normalisation per channel (axis 1) of {@code x [N, C, *]}, over the batch and every other axis (Ioffe
 * and Szegedy, 2015; the seeds' form):
 * <pre>
 * μ_c = mean over (n, *) of x[n, c, *],   σ²_c = mean of (x − μ_c)²,   x̂ = (x − μ_c) / √(σ²_c + ε),   y = γ_c·x̂ + β_c
 * </pre>
 * with a learnable scale {@code γ} ({@code weight}, ones) and shift {@code β} ({@code bias}, zeros) when
 * {@code affine}. The graph differentiates through μ and σ² too, so the gradient is the full batch-norm backward.
 *
 * <p>In training the batch statistics are used, and (when {@code trackRunningStats}) running averages are updated,
 * exponentially weighted: {@code running = (1 − momentum)·running + momentum·batch}, i.e. the seeds'
 * {@code β = 1 − momentum} (0.9 for the default momentum 0.1); the running variance takes the unbiased batch
 * variance {@code σ²·m/(m − 1)} ({@code m} values per channel), as PyTorch does. In {@link #eval()} mode the
 * running averages replace the batch statistics (a layer that tracks none keeps using the batch's).
 *
 * <p>Names and buffers match PyTorch's: {@code weight}, {@code bias}, {@code running_mean}, {@code running_var},
 * {@code num_batches_tracked}.
 */
abstract class BatchNorm extends Module {

    final long features;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Parameter batchesTracked;

    BatchNorm(String layer, long features, double eps, double momentum, boolean affine, boolean trackRunningStats,
            DataType dtype) {
        checkArgument(features > 0, "%s: features must be positive, got %s", layer, features);
        checkArgument(eps > 0, "%s: eps must be positive, got %s", layer, eps);
        checkArgument(momentum >= 0 && momentum <= 1, "%s: momentum must be in [0, 1], got %s", layer, momentum);
        checkArgument(dtype != null && dtype.isFPType(), "%s: needs a floating dtype, got %s", layer, dtype);
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? param("weight", Tensor.ones(dtype, features)) : null;
        this.bias = affine ? param("bias", Tensor.zeros(dtype, features)) : null;
        this.runningMean = trackRunningStats ? buffer("running_mean", Tensor.zeros(dtype, features)) : null;
        this.runningVar = trackRunningStats ? buffer("running_var", Tensor.ones(dtype, features)) : null;
        this.batchesTracked = trackRunningStats
                ? buffer("num_batches_tracked", Tensor.of(Kernels.fromLongs(new long[] {0}))) : null;
    }

    /** Checks the layout of {@code x} (rank and {@code features} channels on axis 1), naming the layer. */
    abstract void checkShape(Tensor x);

    @Override
    public Tensor forward(Tensor x) {
        checkNotNull(x, "%s: input is null", className());
        checkShape(x);
        Parameter typed = weight != null ? weight : runningMean;    // none: any floating input
        if (!(typed == null ? x.dtype().isFPType() : x.dtype() == typed.get().dtype())) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s(%s): input %s has dtype %s, the layer %s", className(), features, Described.of(x), x.dtype(),
                    typed == null ? "a floating one" : typed.get().dtype()));
        }
        int[] axes = new int[x.rank() - 1];    // every axis but the channels'
        for (int i = 0, a = 0; i < x.rank(); i++) {
            if (i != 1) {
                axes[a++] = i;
            }
        }
        Tensor normalised;
        if (isTraining() || runningMean == null) {
            long m = x.size() / features;
            if (m <= 1) {
                throw new IllegalArgumentException(lenientFormat(
                        "%s(%s): training needs more than one example (more than one value per channel) to "
                        + "estimate the variance, got %s (use eval() for single examples)", className(), features,
                        Described.of(x)));
            }
            Tensor mean = x.mean(axes, true);
            Tensor centered = x.sub(mean);
            Tensor variance = centered.square().mean(axes, true);
            normalised = centered.div(variance.add(eps).sqrt());
            if (isTraining() && runningMean != null) {
                updateRunningStatistics(mean.storage(), variance.storage(), m);
            }
        } else {
            normalised = x.sub(perChannel(runningMean.get(), x.rank()))
                    .div(perChannel(runningVar.get(), x.rank()).add(eps).sqrt());
        }
        return weight == null ? normalised
                : normalised.mul(perChannel(weight.get(), x.rank())).add(perChannel(bias.get(), x.rank()));
    }

    /**
     * A per-channel vector {@code [C]} shaped to broadcast over {@code [N, C, *]}: {@code [C, 1, …]}. For
     * {@code [N, C]} the vector itself (it already broadcasts: no reshape op).
     */
    private Tensor perChannel(Tensor v, int rank) {
        if (rank == 2) {
            return v;
        }
        long[] shape = new long[rank - 1];
        Arrays.fill(shape, 1);
        shape[0] = features;
        return v.reshape(shape);
    }

    /** On the values, not in the graph: the running averages are state, not part of the function differentiated. */
    private void updateRunningStatistics(Storage mean, Storage variance, long m) {
        long[] vector = {features};
        runningMean.get().updateStorage(r -> {
            Kernels.scaleInPlace(r, 1 - momentum);
            Kernels.axpyInPlace(momentum, mean.reshape(vector), r);
        });
        runningVar.get().updateStorage(r -> {
            Kernels.scaleInPlace(r, 1 - momentum);
            Kernels.axpyInPlace(momentum * m / (m - 1.0), variance.reshape(vector), r);
        });
        long tracked = (long) batchesTracked.get().item();
        batchesTracked.get().updateStorage(n -> Kernels.assign(n, Kernels.fromLongs(new long[] {tracked + 1})));
    }

    /** The scale γ {@code [C]}, or {@code null} without affine. */
    public Tensor weight() {
        return weight == null ? null : weight.get();
    }

    /** The shift β {@code [C]}, or {@code null} without affine. */
    public Tensor bias() {
        return bias == null ? null : bias.get();
    }

    /** The running average of the batch means {@code [C]}, used in eval mode; {@code null} when not tracked. */
    public Tensor runningMean() {
        return runningMean == null ? null : runningMean.get();
    }

    /** The running average of the (unbiased) batch variances {@code [C]}; {@code null} when not tracked. */
    public Tensor runningVar() {
        return runningVar == null ? null : runningVar.get();
    }

    @Override
    protected String extraRepr() {
        return features + ", eps=" + eps + ", momentum=" + momentum + (weight == null ? ", affine=false" : "")
                + (runningMean == null ? ", track_running_stats=false" : "");
    }
}
