package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer {@code y = x·Wᵀ + b}: {@code x [batch, in] → y [batch, out]} (leading axes beyond
 * the batch are kept: {@code [batch, seq, in] → [batch, seq, out]}).
 *
 * <p>PyTorch's layout: {@code weight [out, in]} and {@code bias [out]}, so weights move between the two
 * unchanged. The seeds write {@code Z = W·X + b} with examples as columns; with examples as rows that is
 * {@code Zᵀ = Xᵀ·Wᵀ + bᵀ}, the same {@code W}. The product is one gemm with the transpose flag on
 * {@code W} (no transposed copy); the graph derives {@code ∂L/∂W = gᵀ·x}, {@code ∂L/∂x = g·W},
 * {@code ∂L/∂b = Σ_batch g}.
 *
 * <p>Default initialisation: <b>He normal</b> weights, {@code N(0, 2/in)}, and zero biases — the seeds'
 * {@code np.random.randn(n, n_prev)·√(2/n_prev)}, {@code np.zeros}. He, because ReLU is the default
 * hidden activation of the seeds' networks and He keeps the variance of ReLU activations steady through
 * depth. For tanh or sigmoid layers re-initialise with {@link Init#xavierNormal} (Glorot). (PyTorch's own
 * default is a narrower uniform; load PyTorch weights with {@link Module#loadStateDict} to match it.)
 */
public final class Linear extends Module {

    private final long in;
    private final long out;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer with a bias, in {@link Nd4j#defaultFloatingPointType()}, initialised from {@link Init#defaultRandom()}. */
    public Linear(long in, long out) {
        this(in, out, true);
    }

    public Linear(long in, long out, boolean bias) {
        this(in, out, bias, Nd4j.defaultFloatingPointType(), Init.defaultRandom());
    }

    /** A layer whose weights are fixed by {@code seed}. */
    public Linear(long in, long out, boolean bias, DataType dtype, long seed) {
        this(in, out, bias, dtype, new Random(seed));
    }

    public Linear(long in, long out, boolean bias, DataType dtype, Random random) {
        checkArgument(in > 0 && out > 0, "Linear: in and out must be positive, got in=%s, out=%s", in, out);
        checkArgument(dtype != null && dtype.isFPType(), "Linear: needs a floating dtype, got %s", dtype);
        checkNotNull(random, "Linear: random is null");
        this.in = in;
        this.out = out;
        this.weight = param("weight", Init.heNormal(Tensor.zeros(dtype, out, in), random));
        this.bias = bias ? param("bias", Tensor.zeros(dtype, out)) : null;
    }

    /**
     * {@code x·Wᵀ + b} for {@code x [batch, in]}, or for {@code x [*, in]} of any rank as PyTorch (every leading
     * axis is a batch axis: {@code [batch, seq, in] → [batch, seq, out]}; a vector {@code [in] → [out]}).
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor w = weight.get();
        if (!(x.rank() >= 1 && x.size(-1) == in)) {
            throw new IllegalArgumentException(lenientFormat(
                    "Linear(in=%s, out=%s): input %s must be [batch, %s] "
                    + "(or [*, %s])", in, out, Described.of(x), in, in));
        }
        if (x.dtype() != w.dtype()) {
            throw new IllegalArgumentException(lenientFormat(
                    "Linear(in=%s, out=%s): input %s has dtype %s, the layer %s (convert the input, or the model "
                    + "with to(DataType.%s))", in, out, Described.of(x), x.dtype(), w.dtype(), x.dtype()));
        }
        if (x.rank() == 1) {
            return forward(x.reshape(1, in)).reshape(out);
        }
        return x.linear(w, bias == null ? null : bias.get());     // one fused op: product and bias
    }

    /** The weight {@code [out, in]} (the current tensor: read it again after {@link #to}). */
    public Tensor weight() {
        return weight.get();
    }

    /** The bias {@code [out]}, or {@code null} for a layer built without one. */
    public Tensor bias() {
        return bias == null ? null : bias.get();
    }

    public long inFeatures() {
        return in;
    }

    public long outFeatures() {
        return out;
    }

    @Override
    protected String extraRepr() {
        return "in=" + in + ", out=" + out + ", bias=" + (bias != null);
    }
}
