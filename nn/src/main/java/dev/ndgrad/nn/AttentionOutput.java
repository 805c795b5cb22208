package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * What {@link MultiheadAttention#forwardWithWeights} returns: the output and the attention weights (PyTorch's
 * {@code need_weights=True}), both in the graph (differentiable).
 *
 * @param output      {@code [batch, L, E]}
 * @param headWeights the weights of every head {@code [batch, heads, L, S]} (after dropout, as PyTorch returns
 *                    them): row {@code (b, h, i)} is query {@code i}'s distribution over the keys
 */
public record AttentionOutput(Tensor output, Tensor headWeights) {

    /** The weights averaged over the heads, {@code [batch, L, S]}: PyTorch's default {@code average_attn_weights=True}. */
    public Tensor weights() {
        return headWeights.mean(1, false);
    }
}
