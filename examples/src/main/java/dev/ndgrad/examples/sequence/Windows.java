package dev.ndgrad.examples.sequence;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training examples for next-character prediction: windows of {@code seqLength + 1} consecutive characters of a
 * text, the first {@code seqLength} the inputs and the last {@code seqLength} (the same shifted by one) the
 * targets, so that every position of a window is an example.
 */
final class Windows {

    /** Inputs and targets, both {@code [batch, seqLength]} integer tensors. */
    record Batch(Tensor inputs, Tensor targets) {}

    private final long[] text;
    private final int seqLength;
    private final Random random;

    Windows(long[] text, int seqLength, Random random) {
        checkArgument(seqLength >= 1 && text.length > seqLength, "Windows: a text of %s characters has no window of "
                + "%s + 1", text.length, seqLength);
        this.text = text;
        this.seqLength = seqLength;
        this.random = random;
    }

    /** {@code batchSize} windows starting at uniformly random positions. */
    Batch next(int batchSize) {
        int[] starts = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            starts[b] = random.nextInt(text.length - seqLength);
        }
        return batch(text, starts, seqLength);
    }

    /** The text cut into consecutive windows (a tail too short for one is left out), in batches of at most {@code batchSize}. */
    static List<Batch> consecutive(long[] text, int seqLength, int batchSize) {
        int count = (text.length - 1) / seqLength;
        checkArgument(count >= 1, "Windows: a text of %s characters has no window of %s + 1", text.length, seqLength);
        List<Batch> batches = new ArrayList<>();
        for (int first = 0; first < count; first += batchSize) {
            int[] starts = new int[Math.min(batchSize, count - first)];
            for (int b = 0; b < starts.length; b++) {
                starts[b] = (first + b) * seqLength;
            }
            batches.add(batch(text, starts, seqLength));
        }
        return batches;
    }

    private static Batch batch(long[] text, int[] starts, int seqLength) {
        long[] inputs = new long[starts.length * seqLength];
        long[] targets = new long[inputs.length];
        for (int b = 0; b < starts.length; b++) {
            System.arraycopy(text, starts[b], inputs, b * seqLength, seqLength);
            System.arraycopy(text, starts[b] + 1, targets, b * seqLength, seqLength);
        }
        return new Batch(Tensor.indices(inputs).reshape(starts.length, seqLength),
                Tensor.indices(targets).reshape(starts.length, seqLength));
    }
}
