package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import java.util.List;

/**
 * The Elman recurrent layer, PyTorch's {@code RNN}: at every step {@code t}
 * <pre>h_t = act(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh),   act = tanh (default) or ReLU</pre>
 * with {@code h_0} given or zero. One gate ({@code G = 1}); the parameters, options and layouts are those of
 * {@link RecurrentLayer} ({@code weight_ih_l0 [H, in]}, {@code weight_hh_l0 [H, H]}, {@code bias_ih_l0},
 * {@code bias_hh_l0}, …).
 *
 * <pre>{@code
 * RNN rnn = new RNN(8, 16, 2, true);                // 2 layers, x [batch, seq, 8]
 * Tensor out = rnn.forward(x);                      // [batch, seq, 16]
 * RecurrentOutput r = rnn.forward(x, h0);           // r.output(), r.hN() [2, batch, 16]
 * }</pre>
 */
public final class RNN extends RecurrentLayer {

    /** The activation of the recurrence (PyTorch's {@code nonlinearity}). */
    public enum Nonlinearity {
        TANH, RELU
    }

    private final Nonlinearity nonlinearity;

    /** One layer, tanh, batch-first, with biases. */
    public RNN(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, RecurrentOptions.defaults());
    }

    /** PyTorch's positional {@code (input_size, hidden_size, num_layers)} and the layout. */
    public RNN(long inputSize, long hiddenSize, long numLayers, boolean batchFirst) {
        this(inputSize, hiddenSize, Nonlinearity.TANH,
                RecurrentOptions.defaults().withNumLayers(numLayers).withBatchFirst(batchFirst));
    }

    public RNN(long inputSize, long hiddenSize, Nonlinearity nonlinearity, RecurrentOptions options) {
        super("RNN", inputSize, hiddenSize, 1, 1, options);
        this.nonlinearity = checkNotNull(nonlinearity, "RNN: nonlinearity is null");
    }

    /** The output and the final hidden state from the initial hidden state {@code h0 [layers·directions, batch, H]}. */
    public RecurrentOutput forward(Tensor x, Tensor h0) {
        List<Tensor> r = run(x, new Tensor[] {checkNotNull(h0, "RNN: h0 is null (use forward(x) for zeros)")});
        return new RecurrentOutput(r.get(0), r.get(1));
    }

    @Override
    Tensor[] step(Tensor gx, Tensor gh, Tensor[] state) {
        Tensor pre = gx.add(gh);
        return new Tensor[] {nonlinearity == Nonlinearity.TANH ? pre.tanh() : pre.relu()};
    }

    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    String extraCellRepr() {
        return nonlinearity == Nonlinearity.TANH ? "" : ", nonlinearity=relu";
    }
}
