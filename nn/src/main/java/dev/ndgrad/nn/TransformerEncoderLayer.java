package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One encoder block of the Transformer (Vaswani et al., 2017), PyTorch's {@code TransformerEncoderLayer(d_model,
 * nhead, dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-5, batch_first=True,
 * norm_first=False)}: self-attention and a position-wise feed-forward network, each wrapped in a residual
 * connection and a layer norm. For {@code x [batch, L, d_model]}:
 * <pre>
 * post-norm (default):  x = norm1(x + dropout1(SA(x)));   x = norm2(x + dropout2(FF(x)))
 * pre-norm (normFirst): x = x + dropout1(SA(norm1(x)));   x = x + dropout2(FF(norm2(x)))
 * SA(x) = self_attn(x, x, x, mask),   FF(x) = linear2(dropout(activation(linear1(x))))
 * </pre>
 * The sub-modules carry PyTorch's names ({@code self_attn}, {@code linear1}, {@code dropout}, {@code linear2},
 * {@code norm1}, {@code norm2}, {@code dropout1}, {@code dropout2}, {@code activation}), so its state dict is
 * PyTorch's ({@code self_attn.in_proj_weight}, …, {@code norm2.bias}). The linear layers start as PyTorch's
 * ({@code U(−1/√in, 1/√in)} weights and biases).
 *
 * <p>The activation is any one-input {@link Module} (default {@link ReLU}): pass another module (a GELU, for
 * instance) for PyTorch's {@code activation="gelu"}. A module with parameters adds them under
 * {@code activation.}, as in PyTorch.
 */
public final class TransformerEncoderLayer extends Module {

    private final long dModel;
    private final boolean normFirst;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Module activation;

    /** {@code dim_feedforward = 2048}, {@code dropout = 0.1}, ReLU, post-norm. */
    public TransformerEncoderLayer(long dModel, long nhead) {
        this(dModel, nhead, 2048, 0.1);
    }

    /** ReLU, {@code layer_norm_eps = 1e−5}, post-norm. */
    public TransformerEncoderLayer(long dModel, long nhead, long dimFeedforward, double dropout) {
        this(dModel, nhead, dimFeedforward, dropout, new ReLU(), 1e-5, false);
    }

    /**
     * PyTorch's positional order (without {@code batch_first}: always batch-first), in the default dtype
     * (convert with {@link #to}) and from {@link Init#defaultRandom()}.
     */
    public TransformerEncoderLayer(long dModel, long nhead, long dimFeedforward, double dropout, Module activation,
            double layerNormEps, boolean normFirst) {
        checkArgument(dimFeedforward > 0, "TransformerEncoderLayer: dimFeedforward must be positive, got %s",
                dimFeedforward);
        checkNotNull(activation, "TransformerEncoderLayer: activation is null");
        DataType dtype = Nd4j.defaultFloatingPointType();
        Random random = Init.defaultRandom();
        this.dModel = dModel;
        this.normFirst = normFirst;
        this.selfAttn = child("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, dtype, random));
        this.linear1 = child("linear1", torchDefault(new Linear(dModel, dimFeedforward, true, dtype, random), random));
        this.dropout = child("dropout", new Dropout(dropout, random.nextLong()));
        this.linear2 = child("linear2", torchDefault(new Linear(dimFeedforward, dModel, true, dtype, random), random));
        this.norm1 = child("norm1", new LayerNorm(new long[] {dModel}, layerNormEps, true, dtype));
        this.norm2 = child("norm2", new LayerNorm(new long[] {dModel}, layerNormEps, true, dtype));
        this.dropout1 = child("dropout1", new Dropout(dropout, random.nextLong()));
        this.dropout2 = child("dropout2", new Dropout(dropout, random.nextLong()));
        this.activation = child("activation", activation);
    }

    /** PyTorch's default start of a linear layer: weight and bias {@code U(−1/√in, 1/√in)}. */
    private static Linear torchDefault(Linear layer, Random random) {
        double bound = 1 / Math.sqrt(layer.inFeatures());
        Init.uniform(layer.weight(), -bound, bound, random);
        Init.uniform(layer.bias(), -bound, bound, random);
        return layer;
    }

    /** The block applied to {@code x [batch, L, d_model]}, no mask. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, AttentionMask.none());
    }

    /**
     * The block applied to {@code x [batch, L, d_model]} with the self-attention masked by {@code mask} (PyTorch's
     * {@code src_mask} and {@code src_key_padding_mask}; see {@link AttentionMask} for fully masked queries).
     */
    public Tensor forward(Tensor x, AttentionMask mask) {
        checkNotNull(x, "TransformerEncoderLayer: input is null");
        if (!(x.rank() == 3 && x.size(2) == dModel)) {
            throw new IllegalArgumentException(lenientFormat(
                    "TransformerEncoderLayer(d_model=%s): input %s must be [batch, length, %s]",
                    dModel, Described.of(x),
                    dModel));
        }
        if (normFirst) {
            Tensor y = x.add(selfAttention(norm1.call(x), mask));
            return y.add(feedForward(norm2.call(y)));
        }
        Tensor y = norm1.call(x.add(selfAttention(x, mask)));
        return norm2.call(y.add(feedForward(y)));
    }

    private Tensor selfAttention(Tensor x, AttentionMask mask) {
        Tensor attended = selfAttn.forwardWithWeights(x, x, x, mask).output();
        selfAttn.runForwardHooks(List.of(x), List.of(attended));   // a masked call: the hooks see it as call(x)
        return dropout1.call(attended);
    }

    private Tensor feedForward(Tensor x) {
        return dropout2.call(linear2.call(dropout.call(activation.call(linear1.call(x)))));
    }

    public boolean normFirst() {
        return normFirst;
    }

    @Override
    protected String extraRepr() {
        return "d_model=" + dModel + (normFirst ? ", norm_first=true" : "");
    }
}
