package dev.ndgrad.spark;

import java.io.Serializable;

/**
 * What partitions send back and Spark's {@code treeAggregate} sums, level by level, into one: per step the summed
 * {@code b_p·loss_p}, {@code b_p·metric_p} and example counts {@code b_p}; a summed vector — the gradient of the
 * global batch's mean loss in synchronous training, or {@code Σ n_p·θ_p} (weight {@code Σ n_p}) in parameter
 * averaging; which parameters any partition's backward reached; and weighted sums of buffers and optimizer state.
 * {@link #merge} adds in place, as Spark allows an aggregation to do with its first argument.
 */
final class PartialResult implements Serializable {

    private static final long serialVersionUID = 1L;

    final double[] lossSums;
    final double[] metricSums;
    final long[] examples;
    PrimitiveVector vector;
    double vectorWeight;
    boolean[] reached;
    WeightedArrays buffers;
    WeightedArrays optimizerState;

    private PartialResult(int steps) {
        lossSums = new double[steps];
        metricSums = new double[steps];
        examples = new long[steps];
    }

    /** Nothing yet, for {@code steps} steps: the aggregation's zero. */
    static PartialResult empty(int steps) {
        return new PartialResult(steps);
    }

    /** Adds the outcome of step {@code i} on {@code size} examples: their mean loss and mean metric. */
    void addStep(int i, int size, double loss, double metric) {
        lossSums[i] += loss * size;
        metricSums[i] += metric * size;
        examples[i] += size;
    }

    /** {@code this += other}; returns this. */
    PartialResult merge(PartialResult other) {
        for (int i = 0; i < lossSums.length; i++) {
            lossSums[i] += other.lossSums[i];
            metricSums[i] += other.metricSums[i];
            examples[i] += other.examples[i];
        }
        if (other.vector != null) {
            vector = vector == null ? other.vector : vector.add(other.vector);
            vectorWeight += other.vectorWeight;
        }
        if (other.reached != null) {
            if (reached == null) {
                reached = other.reached.clone();
            } else {
                for (int i = 0; i < reached.length; i++) {
                    reached[i] |= other.reached[i];
                }
            }
        }
        buffers = merge(buffers, other.buffers);
        optimizerState = merge(optimizerState, other.optimizerState);
        return this;
    }

    private static WeightedArrays merge(WeightedArrays mine, WeightedArrays theirs) {
        return theirs == null ? mine : mine == null ? theirs : mine.add(theirs);
    }

    /** All examples of all steps. */
    long totalExamples() {
        long n = 0;
        for (long e : examples) {
            n += e;
        }
        return n;
    }
}
