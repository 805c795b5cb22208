package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Mini-batches {@code (X{1}, Y{1}), (X{2}, Y{2}), ...} of a {@link Dataset}, one pass (epoch) per iteration.
 *
 * <p>Batch size 1 is stochastic gradient descent, batch size {@code n} (or more) batch gradient descent, and
 * anything between mini-batch gradient descent. With shuffling on, every epoch visits the examples in a new
 * random order; the order of epoch {@code e} depends only on the seed and {@code e}, so runs repeat exactly. The
 * last, smaller batch is kept unless {@code dropLast}. Each batch costs one row gather of the features and one of
 * the labels; an unshuffled full batch costs nothing.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(42).build();
 * for (Batch b : loader) { ... }            // epoch 0, then epoch 1 on the next for-loop, ...
 * for (Batch b : loader.epoch(7)) { ... }   // a given epoch, independent of what ran before
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final BatchTransform transform;
    private int nextEpoch;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.transform = b.transform;
        checkArgument(numBatches() > 0, "DataLoader: batch size %s with dropLast leaves no batch of %s examples",
                b.batchSize, dataset.size());
    }

    /** A builder: batch size 32, no shuffling, seed 0, last batch kept, no augmentation. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** Shuffled mini-batches of {@code batchSize} with the given seed, the last smaller batch kept. */
    public static DataLoader shuffled(Dataset dataset, int batchSize, long seed) {
        return builder(dataset).batchSize(batchSize).shuffle(true).seed(seed).build();
    }

    /** Unshuffled batches of {@code batchSize}, e.g. for evaluation. */
    public static DataLoader sequential(Dataset dataset, int batchSize) {
        return builder(dataset).batchSize(batchSize).build();
    }

    public Dataset dataset() {
        return dataset;
    }

    /** The batch size as configured (a batch holds at most this many examples). */
    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch: {@code ⌈n / b⌉}, or {@code ⌊n / b⌋} with {@code dropLast}. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** How many examples an epoch visits: {@code n}, or fewer with {@code dropLast}. */
    public int examplesPerEpoch() {
        return dropLast ? numBatches() * batchSize : dataset.size();
    }

    /**
     * The order in which epoch {@code epoch} visits the examples: a permutation of {@code 0..n-1}
     * (Fisher-Yates with a generator seeded by {@code (seed, epoch)}), or the identity without shuffling.
     */
    public int[] order(int epoch) {
        checkArgument(epoch >= 0, "DataLoader.order: epoch %s < 0", epoch);
        return shuffle ? shuffledOrder(dataset.size(), seed, epoch) : RowGather.range(dataset.size());
    }

    /**
     * The order in which a shuffling loader with {@code seed} visits {@code n} examples in epoch {@code epoch} (what
     * its {@link #order(int)} returns): for code that must reproduce a loader's batches without holding the data
     * set, e.g. a distributed trainer whose examples live on other machines.
     */
    public static int[] shuffledOrder(int n, long seed, int epoch) {
        checkArgument(n >= 0, "DataLoader.shuffledOrder: n %s < 0", n);
        checkArgument(epoch >= 0, "DataLoader.shuffledOrder: epoch %s < 0", epoch);
        int[] order = RowGather.range(n);
        SplittableRandom random = new SplittableRandom(mix(seed, epoch));
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** The batches of epoch {@code epoch}. */
    public Iterable<Batch> epoch(int epoch) {
        int[] order = order(epoch);
        return () -> new BatchIterator(order, epoch);
    }

    /** The batches of the next epoch: 0 on the first call, then 1, 2, ... */
    @Override
    public Iterator<Batch> iterator() {
        int epoch = nextEpoch++;
        return new BatchIterator(order(epoch), epoch);
    }

    private final class BatchIterator implements Iterator<Batch> {
        private final int[] order;
        private final int epoch;
        private int batch;

        BatchIterator(int[] order, int epoch) {
            this.order = order;
            this.epoch = epoch;
        }

        @Override
        public boolean hasNext() {
            return batch < numBatches();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: epoch " + epoch + " has " + numBatches() + " batches");
            }
            int from = batch * batchSize;
            int to = Math.min(from + batchSize, order.length);
            int[] rows = from == 0 && to == order.length ? order : Arrays.copyOfRange(order, from, to);
            Batch result = dataset.batch(rows);
            if (transform != null) {
                Random random = new Random(mix(mix(seed, epoch), batch));
                result = new Batch(Tensor.of(transform.apply(result.features().data(), random)),
                        result.labels());
            }
            batch++;
            return result;
        }
    }

    /** Combines a seed and a counter into a well-spread seed (SplitMix64's finalizer). */
    static long mix(long seed, long counter) {
        long z = seed + (counter + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Configures a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 32;
        private boolean shuffle;
        private boolean dropLast;
        private long seed;
        private BatchTransform transform;

        private Builder(Dataset dataset) {
            this.dataset = checkNotNull(dataset, "DataLoader: dataset");
        }

        /** Examples per batch, at least 1; a size above the data set's size means one full batch. */
        public Builder batchSize(int batchSize) {
            checkArgument(batchSize >= 1, "DataLoader: batch size must be >= 1, got %s", batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Whether each epoch visits the examples in a new random order. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The seed of the shuffling and of the augmentation. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to drop the last batch when it is smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** A random change applied to the features of every batch (data augmentation); null for none. */
        public Builder transform(BatchTransform transform) {
            this.transform = transform;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
