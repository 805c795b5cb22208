package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Group normalisation (Wu and He, 2018): the {@code C} channels of {@code x [N, C, *]} are split into
 * {@code G} groups of {@code C/G} consecutive channels; each example's group is standardised over its
 * channels and every spatial position, then each channel is scaled and shifted:
 * <pre>x̂ = (x − μ_{n,g}) / √(σ²_{n,g} + ε),   y_{n,c} = x̂_{n,c} · γ_c + β_c</pre>
 * ({@code σ²} biased). No batch statistics: the same in training and evaluation, for any batch size.
 * {@code G = 1} is layer norm over {@code [C, *]}; {@code G = C} is instance norm.
 *
 * <p>PyTorch's {@code GroupNorm(num_groups, num_channels, eps=1e-5, affine=True)}: {@code weight} (γ, ones)
 * and {@code bias} (β, zeros) of shape {@code [C]}.
 */
public final class GroupNorm extends Module {

    private final long groups;
    private final long channels;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /** {@code ε = 1e−5}, with γ and β, default dtype. */
    public GroupNorm(long numGroups, long numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine) {
        this(numGroups, numChannels, eps, affine, Nd4j.defaultFloatingPointType());
    }

    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine, DataType dtype) {
        checkArgument(numGroups > 0 && numChannels > 0 && numChannels % numGroups == 0,
                "GroupNorm: numChannels %s must be a positive multiple of numGroups %s", numChannels, numGroups);
        checkArgument(eps > 0, "GroupNorm: eps must be positive, got %s", eps);
        checkArgument(dtype != null && dtype.isFPType(), "GroupNorm: needs a floating dtype, got %s", dtype);
        this.groups = numGroups;
        this.channels = numChannels;
        this.eps = eps;
        this.weight = affine ? param("weight", Tensor.ones(dtype, numChannels)) : null;
        this.bias = affine ? param("bias", Tensor.zeros(dtype, numChannels)) : null;
    }

    /** {@code x [N, C, *]} (at least {@code [N, C]}), normalised per example and group; same shape out. */
    @Override
    public Tensor forward(Tensor x) {
        checkNotNull(x, "GroupNorm: input is null");
        if (!(x.rank() >= 2 && x.size(1) == channels)) {
            throw new IllegalArgumentException(lenientFormat(
                    "GroupNorm(%s, %s): input %s must be [batch, %s, *]",
                    groups, channels, Described.of(x), channels));
        }
        Standardization.checkDtype("GroupNorm(" + groups + ", " + channels + ")", x, weight);
        long[] shape = x.shape();
        Tensor grouped = x.reshape(shape[0], groups, -1);
        Tensor normalised = Standardization.overAxes(grouped, new int[] {2}, eps).reshape(shape);
        if (weight == null) {
            return normalised;
        }
        long[] perChannel = new long[shape.length - 1];   // [C, 1, …, 1]: broadcast over the positions
        Arrays.fill(perChannel, 1);
        perChannel[0] = channels;
        return normalised.mul(weight.get().reshape(perChannel)).add(bias.get().reshape(perChannel));
    }

    /** γ {@code [C]}, or {@code null} without affine. */
    public Tensor weight() {
        return weight == null ? null : weight.get();
    }

    /** β {@code [C]}, or {@code null} without affine. */
    public Tensor bias() {
        return bias == null ? null : bias.get();
    }

    @Override
    protected String extraRepr() {
        return groups + ", " + channels + ", eps=" + eps + ", affine=" + (weight != null);
    }
}
