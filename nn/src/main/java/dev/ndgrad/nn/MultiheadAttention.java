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
 * Multi-head scaled dot-product attention (Vaswani et al., 2017, "Attention is all you need"), PyTorch's
 * {@code MultiheadAttention(embed_dim, num_heads, dropout=0, bias=True)} with {@code batch_first=True}: for
 * query {@code [batch, L, E]}, key and value {@code [batch, S, E]}, each of the {@code h} heads of size
 * {@code d = E/h} computes
 * <pre>
 * Q = query·W_qᵀ + b_q,  K = key·W_kᵀ + b_k,  V = value·W_vᵀ + b_v      (split into h heads of size d)
 * A = softmax(Q·Kᵀ/√d + mask)   (over the keys),   headᵢ = A·V
 * output = concat(head₁, …, head_h)·W_oᵀ + b_o
 * </pre>
 * Parameters as PyTorch: {@code in_proj_weight [3E, E]} ({@code W_q}, {@code W_k}, {@code W_v} stacked),
 * {@code in_proj_bias [3E]}, and the sub-module {@code out_proj} ({@code out_proj.weight [E, E]},
 * {@code out_proj.bias [E]}); initialised as PyTorch (Xavier-uniform {@code in_proj_weight},
 * {@code U(−1/√E, 1/√E)} {@code out_proj.weight}, zero biases). Masks are given by an {@link AttentionMask};
 * dropout (probability {@code dropout}, training only) applies to the attention weights.
 *
 * <p>Not supported: PyTorch's {@code add_bias_kv}, {@code add_zero_attn}, and keys or values of another width
 * ({@code kdim}, {@code vdim}). Sequences are batch-first, as everywhere in ndgrad.
 */
public final class MultiheadAttention extends Module {

    private final long embedDim;
    private final long numHeads;
    private final double dropoutP;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;
    private final Dropout dropout;

    /** No dropout, with biases, default dtype, from {@link Init#defaultRandom()}. */
    public MultiheadAttention(long embedDim, long numHeads) {
        this(embedDim, numHeads, 0.0, true);
    }

    /** PyTorch's positional {@code (embed_dim, num_heads, dropout, bias)}. */
    public MultiheadAttention(long embedDim, long numHeads, double dropout, boolean bias) {
        this(embedDim, numHeads, dropout, bias, Nd4j.defaultFloatingPointType(), Init.defaultRandom());
    }

    public MultiheadAttention(long embedDim, long numHeads, double dropout, boolean bias, DataType dtype,
            Random random) {
        checkArgument(embedDim > 0 && numHeads > 0 && embedDim % numHeads == 0,
                "MultiheadAttention: embedDim %s must be a positive multiple of numHeads %s", embedDim, numHeads);
        checkArgument(dropout >= 0 && dropout <= 1, "MultiheadAttention: dropout must be in [0, 1], got %s", dropout);
        checkArgument(dtype != null && dtype.isFPType(), "MultiheadAttention: needs a floating dtype, got %s", dtype);
        checkNotNull(random, "MultiheadAttention: random is null");
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropoutP = dropout;
        this.inProjWeight = param("in_proj_weight", Init.xavierUniform(Tensor.zeros(dtype, 3 * embedDim, embedDim),
                random));
        this.inProjBias = bias ? param("in_proj_bias", Tensor.zeros(dtype, 3 * embedDim)) : null;
        this.outProj = child("out_proj", new Linear(embedDim, embedDim, bias, dtype, random));
        double bound = 1 / Math.sqrt(embedDim);
        Init.uniform(outProj.weight(), -bound, bound, random);
        this.dropout = new Dropout(dropout, new Random(random.nextLong()));
    }

    /** Self-attention of {@code x [batch, L, E]} (query, key and value are {@code x}), no mask: {@code [batch, L, E]}. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x);
    }

    /** The attention output {@code [batch, L, E]}, no mask. */
    public Tensor forward(Tensor query, Tensor key, Tensor value) {
        return forwardWithWeights(query, key, value, AttentionMask.none()).output();
    }

    /** The attention output {@code [batch, L, E]} under {@code mask}. */
    public Tensor forward(Tensor query, Tensor key, Tensor value, AttentionMask mask) {
        return forwardWithWeights(query, key, value, mask).output();
    }

    /**
     * {@code [x]} (self-attention) or {@code [query, key, value]} → {@code [output, weights]}, the weights
     * averaged over the heads ({@code [batch, L, S]}), as PyTorch's {@code forward} with {@code need_weights}.
     */
    @Override
    public List<Tensor> forwardAll(List<Tensor> inputs) {
        checkNotNull(inputs, "MultiheadAttention.forwardAll: inputs are null");
        if (!(inputs.size() == 1 || inputs.size() == 3)) {
            throw new IllegalArgumentException(lenientFormat(
                    "MultiheadAttention.forwardAll: takes [x] or [query, key, value], got %s tensors", inputs.size()));
        }
        Tensor query = inputs.get(0);
        AttentionOutput r = inputs.size() == 1 ? forwardWithWeights(query, query, query, AttentionMask.none())
                : forwardWithWeights(query, inputs.get(1), inputs.get(2), AttentionMask.none());
        return List.of(r.output(), r.weights());
    }

    /** The output and the attention weights of every head, under {@code mask}. */
    public AttentionOutput forwardWithWeights(Tensor query, Tensor key, Tensor value, AttentionMask mask) {
        checkInputs(query, key, value);
        checkNotNull(mask, "MultiheadAttention: mask is null (use AttentionMask.none())");
        long batch = query.size(0);
        long e = embedDim;
        Tensor q;
        Tensor k;
        Tensor v;
        if (query == key && key == value) {   // self-attention: one product for Q, K and V
            Tensor qkv = project(query, 0, 3);
            q = qkv.slice(2, 0, e);
            k = qkv.slice(2, e, 2 * e);
            v = qkv.slice(2, 2 * e, 3 * e);
        } else {
            q = project(query, 0, 1);
            k = project(key, 1, 2);
            v = project(value, 2, 3);
        }
        long headDim = e / numHeads;
        Tensor scores = heads(q, batch).mul(1 / Math.sqrt(headDim)).matmul(heads(k, batch), false, true);
        Tensor weights = mask.apply(scores).softmax(3);            // [batch, heads, L, S]
        if (isTraining() && dropoutP > 0) {
            weights = dropout.forward(weights);
        }
        Tensor context = weights.matmul(heads(v, batch));          // [batch, heads, L, d]
        Tensor merged = context.permute(0, 2, 1, 3).reshape(batch, query.size(1), e);
        return new AttentionOutput(outProj.call(merged), weights);
    }

    /** {@code x·Wᵀ + b} with the rows {@code [from·E, to·E)} of the stacked input projection. */
    private Tensor project(Tensor x, int from, int to) {
        Tensor w = inProjWeight.get();
        boolean all = from == 0 && to == 3;
        Tensor weight = all ? w : w.slice(0, from * embedDim, to * embedDim);
        Tensor y = x.matmul(weight, false, true);
        if (inProjBias == null) {
            return y;
        }
        Tensor b = inProjBias.get();
        return y.add(all ? b : b.slice(0, from * embedDim, to * embedDim));
    }

    /** {@code [batch, n, E] → [batch, heads, n, d]}. */
    private Tensor heads(Tensor x, long batch) {
        return x.reshape(batch, x.size(1), numHeads, embedDim / numHeads).permute(0, 2, 1, 3);
    }

    private void checkInputs(Tensor query, Tensor key, Tensor value) {
        checkNotNull(query, "MultiheadAttention: query is null");
        checkNotNull(key, "MultiheadAttention: key is null");
        checkNotNull(value, "MultiheadAttention: value is null");
        DataType dtype = inProjWeight.get().dtype();
        for (Tensor t : new Tensor[] {query, key, value}) {
            if (!(t.rank() == 3 && t.size(2) == embedDim && t.size() > 0)) {
                throw new IllegalArgumentException(lenientFormat(
                        "MultiheadAttention(%s, %s): query %s, key %s and value %s must be [batch, length, %s]",
                        embedDim,
                        numHeads, Described.of(query), Described.of(key), Described.of(value), embedDim));
            }
            if (t.dtype() != dtype) {
                throw new IllegalArgumentException(lenientFormat(
                        "MultiheadAttention(%s, %s): input %s has dtype %s, the layer %s",
                        embedDim, numHeads, Described.of(t), t.dtype(), dtype));
            }
        }
        if (!(key.size(0) == query.size(0) && value.size(0) == query.size(0) && key.size(1) == value.size(1))) {
            throw new IllegalArgumentException(lenientFormat(
                    "MultiheadAttention(%s, %s): query %s, key %s and value %s must share the batch, and key and value "
                    + "the length", embedDim, numHeads, Described.of(query), Described.of(key), Described.of(value)));
        }
    }

    public long embedDim() {
        return embedDim;
    }

    public long numHeads() {
        return numHeads;
    }

    /** The stacked projections {@code [W_q; W_k; W_v]} {@code [3E, E]}. */
    public Tensor inProjWeight() {
        return inProjWeight.get();
    }

    /** {@code [b_q; b_k; b_v]} {@code [3E]}, or {@code null} without biases. */
    public Tensor inProjBias() {
        return inProjBias == null ? null : inProjBias.get();
    }

    /** The output projection ({@code out_proj}). */
    public Linear outProj() {
        return outProj;
    }

    @Override
    protected String extraRepr() {
        return "embed_dim=" + embedDim + ", num_heads=" + numHeads + (dropoutP > 0 ? ", dropout=" + dropoutP : "")
                + ", bias=" + (inProjBias != null);
    }
}
