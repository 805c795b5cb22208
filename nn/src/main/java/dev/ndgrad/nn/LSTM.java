package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import java.util.List;

/**
 * Long short-term memory (Hochreiter and Schmidhuber, 1997) in PyTorch's form ({@code LSTM}): at every step,
 * with the gates stacked in the order input, forget, cell, output ({@code i, f, g, o}; {@code G = 4}),
 * <pre>
 * i = σ(W_ii x + b_ii + W_hi h + b_hi)     f = σ(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)  o = σ(W_io x + b_io + W_ho h + b_ho)
 * c' = f ⊙ c + i ⊙ g,   h' = o ⊙ tanh(c')
 * </pre>
 * The parameters, options and layouts are those of {@link RecurrentLayer} ({@code weight_ih_l0 [4H, in]},
 * {@code weight_hh_l0 [4H, H]}, …). PyTorch's {@code proj_size} is not supported.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(8, 16, 1, true);
 * Tensor out = lstm.forward(x);                                  // x [batch, seq, 8] → [batch, seq, 16]
 * LSTM.Output r = lstm.forward(x, h0, c0);                       // carry r.hN(), r.cN() to the next chunk
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {

    /**
     * The output with the final states (PyTorch's {@code (output, (h_n, c_n))}).
     *
     * @param output the last layer's hidden state at every step, {@code [batch, seq, H·directions]}
     * @param hN     the final hidden states {@code [layers·directions, batch, H]}
     * @param cN     the final cell states {@code [layers·directions, batch, H]}
     */
    public record Output(Tensor output, Tensor hN, Tensor cN) {}

    /** One layer, batch-first, with biases. */
    public LSTM(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, RecurrentOptions.defaults());
    }

    /** PyTorch's positional {@code (input_size, hidden_size, num_layers)} and the layout. */
    public LSTM(long inputSize, long hiddenSize, long numLayers, boolean batchFirst) {
        this(inputSize, hiddenSize, RecurrentOptions.defaults().withNumLayers(numLayers).withBatchFirst(batchFirst));
    }

    public LSTM(long inputSize, long hiddenSize, RecurrentOptions options) {
        super("LSTM", inputSize, hiddenSize, 4, 2, options);
    }

    /** The output and the final states from the initial states {@code h0}, {@code c0} {@code [layers·directions, batch, H]}. */
    public Output forward(Tensor x, Tensor h0, Tensor c0) {
        checkNotNull(h0, "LSTM: h0 is null (use forward(x) for zeros)");
        checkNotNull(c0, "LSTM: c0 is null (use forward(x) for zeros)");
        List<Tensor> r = run(x, new Tensor[] {h0, c0});
        return new Output(r.get(0), r.get(1), r.get(2));
    }

    /** The input, forget and output gates take one sigmoid over the stacked pre-activations, then their slices. */
    @Override
    Tensor[] step(Tensor gx, Tensor gh, Tensor[] state) {
        long h = hiddenSize();
        Tensor pre = gx.add(gh);
        Tensor sigmoids = pre.sigmoid();
        Tensor i = sigmoids.slice(1, 0, h);
        Tensor f = sigmoids.slice(1, h, 2 * h);
        Tensor g = pre.slice(1, 2 * h, 3 * h).tanh();
        Tensor o = sigmoids.slice(1, 3 * h, 4 * h);
        Tensor c = f.mul(state[1]).add(i.mul(g));
        return new Tensor[] {o.mul(c.tanh()), c};
    }
}
