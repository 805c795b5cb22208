package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import java.util.List;

/**
 * The gated recurrent unit (Cho et al., 2014) in PyTorch's form ({@code GRU}): at every step, with the gates
 * stacked in the order reset, update, new ({@code r, z, n}; {@code G = 3}),
 * <pre>
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)
 * z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * Note that the reset gate multiplies {@code W_hn h + b_hn}, bias included (PyTorch's and cuDNN's formula,
 * not the paper's {@code W_hn (r ⊙ h)}). The parameters, options and layouts are those of {@link RecurrentLayer}
 * ({@code weight_ih_l0 [3H, in]}, {@code weight_hh_l0 [3H, H]}, …).
 */
public final class GRU extends RecurrentLayer {

    /** One layer, batch-first, with biases. */
    public GRU(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, RecurrentOptions.defaults());
    }

    /** PyTorch's positional {@code (input_size, hidden_size, num_layers)} and the layout. */
    public GRU(long inputSize, long hiddenSize, long numLayers, boolean batchFirst) {
        this(inputSize, hiddenSize, RecurrentOptions.defaults().withNumLayers(numLayers).withBatchFirst(batchFirst));
    }

    public GRU(long inputSize, long hiddenSize, RecurrentOptions options) {
        super("GRU", inputSize, hiddenSize, 3, 1, options);
    }

    /** The output and the final hidden state from the initial hidden state {@code h0 [layers·directions, batch, H]}. */
    public RecurrentOutput forward(Tensor x, Tensor h0) {
        List<Tensor> r = run(x, new Tensor[] {checkNotNull(h0, "GRU: h0 is null (use forward(x) for zeros)")});
        return new RecurrentOutput(r.get(0), r.get(1));
    }

    /** {@code h' = n + z ⊙ (h − n)}, the same as {@code (1 − z) ⊙ n + z ⊙ h} and PyTorch's order of operations. */
    @Override
    Tensor[] step(Tensor gx, Tensor gh, Tensor[] state) {
        long h = hiddenSize();
        Tensor resetAndUpdate = gx.slice(1, 0, 2 * h).add(gh.slice(1, 0, 2 * h)).sigmoid();
        Tensor r = resetAndUpdate.slice(1, 0, h);
        Tensor z = resetAndUpdate.slice(1, h, 2 * h);
        Tensor n = gx.slice(1, 2 * h, 3 * h).add(r.mul(gh.slice(1, 2 * h, 3 * h))).tanh();
        return new Tensor[] {n.add(z.mul(state[0].sub(n)))};
    }
}
