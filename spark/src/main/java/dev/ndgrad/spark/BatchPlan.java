package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.nn.data.DataLoader;
import java.util.Arrays;

/**
 * The global mini-batches of a run, as lists of global example indices: batch {@code t} of epoch {@code e} is
 * {@code order_e[t·B .. (t+1)·B)}, with {@code order_e} the permutation a shuffling {@link DataLoader} with the
 * same seed uses in epoch {@code e} ({@link DataLoader#shuffledOrder}) or the identity — exactly the batches of
 * one-machine training over the same examples in the same order. The driver holds one epoch's order,
 * {@code 4n} bytes.
 */
final class BatchPlan {

    private final int size;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private int orderEpoch = -1;
    private int[] order;

    BatchPlan(int size, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        this.size = size;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        checkArgument(numBatches() > 0, "SparkTrainer: batch size %s with dropLast leaves no batch of %s examples",
                batchSize, size);
    }

    /** Batches per epoch: {@code ⌈n / B⌉}, or {@code ⌊n / B⌋} with {@code dropLast} (as {@link DataLoader}). */
    int numBatches() {
        return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    /** Examples visited per epoch. */
    int examplesPerEpoch() {
        return dropLast ? numBatches() * batchSize : size;
    }

    /** The global indices of batch {@code t} of epoch {@code epoch}. */
    int[] batch(int epoch, int t) {
        checkArgument(t >= 0 && t < numBatches(), "BatchPlan: batch %s of %s", t, numBatches());
        if (epoch != orderEpoch) {
            order = shuffle ? DataLoader.shuffledOrder(size, seed, epoch) : identity(size);
            orderEpoch = epoch;
        }
        int from = t * batchSize;
        return Arrays.copyOfRange(order, from, Math.min(from + batchSize, size));
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
