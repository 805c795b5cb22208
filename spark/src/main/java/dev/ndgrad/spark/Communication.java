package dev.ndgrad.spark;

/**
 * What the training jobs of one {@link SparkTrainer#fit} sent between driver and executors, measured by Spark:
 * each round's broadcast (parameters, buffers, batch indices; serialized once and fetched once by every executor
 * that runs a partition) and the tasks' results (the partitions' gradient or parameter sums, as Spark's
 * {@code TaskMetrics.resultSize} counts them) plus any shuffle of the aggregation tree. Evaluations are not
 * included.
 *
 * <p>{@link #bytesPerStep()} counts one broadcast copy per partition, as on a cluster with one partition per
 * executor (in {@code local[*]} the broadcast stays in the one JVM). The cost model says
 * {@code 2 × P × width} bytes per partition and round: {@link #modelBytesPerStep()}.
 *
 * @param partitions the training set's partitions
 * @param steps the optimizer steps run (global mini-batches)
 * @param rounds the Spark jobs that ran them: one per step in synchronous training, one per {@code k} steps in
 *     parameter averaging
 * @param parameters the model's parameter count {@code P}
 * @param width bytes per parameter value: 4 (FLOAT) or 8 (DOUBLE)
 * @param broadcastBytes the serialized broadcasts, one copy each, summed over rounds
 * @param resultBytes the serialized task results, summed over every task
 * @param shuffleBytes bytes written by shuffles of the aggregation tree (0 when its depth leaves none)
 * @param stepSeconds the wall time of the rounds (broadcast, job, update), without dev evaluations
 */
public record Communication(int partitions, long steps, long rounds, long parameters, int width, long broadcastBytes,
        long resultBytes, long shuffleBytes, double stepSeconds) {

    /** Bytes crossing the network per optimizer step, with one broadcast copy per partition. */
    public double bytesPerStep() {
        return steps == 0 ? Double.NaN
                : ((double) broadcastBytes * partitions + resultBytes + shuffleBytes) / steps;
    }

    /** The cost model's bytes per step: {@code 2·P·width} per partition and round, spread over the round's steps. */
    public double modelBytesPerStep() {
        return steps == 0 ? Double.NaN : 2.0 * parameters * width * partitions * rounds / steps;
    }

    /** Mean wall time of an optimizer step. */
    public double secondsPerStep() {
        return steps == 0 ? Double.NaN : stepSeconds / steps;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d steps in %d rounds on %d partitions: %.1f ms/step, %,.0f bytes"
                + "/step (model 2·P·width·partitions = %,.0f)", steps, rounds, partitions, 1e3 * secondsPerStep(),
                bytesPerStep(), modelBytesPerStep());
    }
}
