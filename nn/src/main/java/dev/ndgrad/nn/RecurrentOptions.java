package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The options of {@link RNN}, {@link LSTM} and {@link GRU} beyond the input and hidden sizes: PyTorch's
 * keyword arguments, immutable, with fluent withers.
 *
 * <pre>{@code
 * new LSTM(32, 64, RecurrentOptions.defaults().withNumLayers(2).withDropout(0.2).withBidirectional(true));
 * }</pre>
 *
 * @param numLayers     stacked layers; layer {@code l > 0} reads the outputs of layer {@code l − 1}
 * @param bias          whether the gates have the biases {@code b_ih} and {@code b_hh}
 * @param batchFirst    sequences {@code [batch, seq, features]} (ndgrad's layout, the default) rather than
 *                      {@code [seq, batch, features]} (PyTorch's default); the states are
 *                      {@code [layers·directions, batch, hidden]} either way, as in PyTorch
 * @param dropout       probability of dropping each output of every layer but the last, in training
 * @param bidirectional whether each layer also reads the sequence backwards (parameters {@code …_reverse}), its
 *                      outputs concatenated after the forward direction's
 * @param dtype         the parameters' floating dtype
 * @param random        the source of the initial weights and of the dropout masks
 */
public record RecurrentOptions(long numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional,
        DataType dtype, Random random) {

    public RecurrentOptions {
        checkArgument(numLayers > 0, "RecurrentOptions: numLayers must be positive, got %s", numLayers);
        checkArgument(dropout >= 0 && dropout <= 1, "RecurrentOptions: dropout must be in [0, 1], got %s", dropout);
        checkArgument(dtype != null && dtype.isFPType(), "RecurrentOptions: needs a floating dtype, got %s", dtype);
        checkNotNull(random, "RecurrentOptions: random is null");
    }

    /**
     * One layer, biases, batch-first, no dropout, one direction, {@link Nd4j#defaultFloatingPointType()},
     * weights from {@link Init#defaultRandom()}: PyTorch's defaults except {@code batch_first}.
     */
    public static RecurrentOptions defaults() {
        return new RecurrentOptions(1, true, true, 0.0, false, Nd4j.defaultFloatingPointType(), Init.defaultRandom());
    }

    public RecurrentOptions withNumLayers(long numLayers) {
        return new RecurrentOptions(numLayers, bias, batchFirst, dropout, bidirectional, dtype, random);
    }

    public RecurrentOptions withBias(boolean bias) {
        return new RecurrentOptions(numLayers, bias, batchFirst, dropout, bidirectional, dtype, random);
    }

    public RecurrentOptions withBatchFirst(boolean batchFirst) {
        return new RecurrentOptions(numLayers, bias, batchFirst, dropout, bidirectional, dtype, random);
    }

    public RecurrentOptions withDropout(double dropout) {
        return new RecurrentOptions(numLayers, bias, batchFirst, dropout, bidirectional, dtype, random);
    }

    public RecurrentOptions withBidirectional(boolean bidirectional) {
        return new RecurrentOptions(numLayers, bias, batchFirst, dropout, bidirectional, dtype, random);
    }

    public RecurrentOptions withDtype(DataType dtype) {
        return new RecurrentOptions(numLayers, bias, batchFirst, dropout, bidirectional, dtype, random);
    }

    public RecurrentOptions withRandom(Random random) {
        return new RecurrentOptions(numLayers, bias, batchFirst, dropout, bidirectional, dtype, random);
    }

    /** Initial weights (and dropout masks) fixed by {@code seed}. */
    public RecurrentOptions withSeed(long seed) {
        return withRandom(new Random(seed));
    }

    /** 2 for a bidirectional layer, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }
}
