package dev.ndgrad.examples.attention;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Embedding;
import dev.ndgrad.nn.Init;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.MultiheadAttention;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.TransformerEncoderLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A small Transformer encoder that answers at every position at once: each digit becomes the sum of a token
 * vector and a learnt position vector ({@code x_i = E[d_i] + P[i]}: attention itself ignores order, so the
 * positions must be written into the inputs), then {@code layers} {@link TransformerEncoderLayer}s (self-attention
 * and a feed-forward network, each with a residual connection and a layer norm), then a linear read-out of the
 * ten digits' logits at every position.
 */
final class DigitTransformer extends Module {

    private final int length;
    private final Embedding tokens;
    private final Embedding positions;
    private final Sequential encoder;
    private final Linear readout;
    private final Tensor positionIndices;

    DigitTransformer(int length, int dModel, int heads, int feedForward, int layers, long seed) {
        checkArgument(dModel % heads == 0, "DigitTransformer: d_model %s must be a multiple of the heads %s", dModel,
                heads);
        this.length = length;
        Random random = new Random(seed);
        DataType dtype = DataType.FLOAT;
        this.tokens = child("tokens", new Embedding(DigitSequences.DIGITS, dModel, dtype, random));
        this.positions = child("positions", new Embedding(length, dModel, dtype, random));
        Init.manualSeed(seed);   // TransformerEncoderLayer draws its weights from this thread's generator
        Sequential blocks = new Sequential();
        for (int l = 0; l < layers; l++) {
            blocks.append(new TransformerEncoderLayer(dModel, heads, feedForward, 0.0));
        }
        this.encoder = child("encoder", blocks);
        this.readout = child("readout", new Linear(dModel, DigitSequences.DIGITS, true, dtype, random));
        this.positionIndices = Tensor.indices(LongStream.range(0, length).toArray());
    }

    /** The logits {@code [batch, length, 10]} of the answer's digits for the digits {@code [batch, length]}. */
    @Override
    public Tensor forward(Tensor digits) {
        checkArgument(digits.rank() == 2 && digits.size(1) == length,
                "DigitTransformer: digits %s must be [batch, %s]", digits.describe(), length);
        Tensor x = tokens.call(digits).add(positions.call(positionIndices));   // [batch, L, d] + [L, d]
        return readout.call(encoder.call(x));
    }

    /** Every layer's self-attention, bottom first. */
    List<MultiheadAttention> attentionLayers() {
        List<MultiheadAttention> attention = new ArrayList<>();
        for (int l = 0; l < encoder.size(); l++) {
            attention.add((MultiheadAttention) encoder.get(l).namedChildren().get("self_attn"));
        }
        return attention;
    }

    int length() {
        return length;
    }
}
