package dev.ndgrad.examples.sequence;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Embedding;
import dev.ndgrad.nn.GRU;
import dev.ndgrad.nn.LSTM;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.RecurrentOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A character-level language model: each character's vector ({@link Embedding}), a recurrent layer that reads
 * them in order ({@link LSTM} or {@link GRU}), and a linear read-out of the next character's logits from the
 * hidden state at every step: {@code p(x_{t+1} | x_1 … x_t) = softmax(W·h_t + b)}.
 */
final class CharLanguageModel extends Module {

    private final Embedding embedding;
    private final Module recurrent;
    private final Linear readout;
    private final int stateCount;
    private final long vocabulary;

    CharLanguageModel(int vocabulary, int embeddingDim, int hidden, int layers, RecurrentCell cell, long seed) {
        Random random = new Random(seed);
        DataType dtype = DataType.FLOAT;
        RecurrentOptions options = RecurrentOptions.defaults().withNumLayers(layers).withDtype(dtype)
                .withRandom(random);
        this.vocabulary = vocabulary;
        this.embedding = child("embedding", new Embedding(vocabulary, embeddingDim, dtype, random));
        this.recurrent = child(cell.name(), cell == RecurrentCell.lstm ? new LSTM(embeddingDim, hidden, options)
                : new GRU(embeddingDim, hidden, options));
        this.readout = child("readout", new Linear(hidden, vocabulary, true, dtype, random));
        this.stateCount = cell == RecurrentCell.lstm ? 2 : 1;
    }

    /** The next-character logits {@code [batch, seq, vocabulary]} for characters {@code [batch, seq]}, from zero states. */
    @Override
    public Tensor forward(Tensor characters) {
        return readout.call(recurrent.call(embedding.call(characters)));
    }

    /**
     * One chunk with the recurrent state carried in and out (for sampling): {@code [characters]} (zero states)
     * or {@code [characters, h]} ({@code [characters, h, c]} for an LSTM) → {@code [logits, h]}
     * ({@code [logits, h, c]}); the states are {@code [layers, batch, hidden]}.
     */
    @Override
    public List<Tensor> forwardAll(List<Tensor> inputs) {
        checkArgument(inputs.size() == 1 || inputs.size() == 1 + stateCount,
                "CharLanguageModel.forwardAll: takes the characters and %s state tensors, got %s tensors", stateCount,
                inputs.size());
        List<Tensor> in = new ArrayList<>(inputs);
        in.set(0, embedding.call(inputs.get(0)));
        List<Tensor> out = new ArrayList<>(recurrent.callAll(in));
        out.set(0, readout.call(out.get(0)));
        return out;
    }

    long vocabulary() {
        return vocabulary;
    }
}
