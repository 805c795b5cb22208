package dev.ndgrad.optim.train;

/**
 * What one epoch of {@link Trainer#fit} measured. Values that were not measured are {@code NaN}: the metric when
 * there is none, the dev values without a dev set.
 *
 * @param epoch the epoch's index, from 0 (the learning-rate schedule saw {@code epoch + 1})
 * @param trainLoss the mean data loss over the epoch's mini-batches (model in training mode, weights changing
 *     during the epoch, penalty not included)
 * @param trainMetric the mean metric over the same mini-batches
 * @param devLoss the data loss on the dev set after the epoch (evaluation mode, no gradient recording)
 * @param devMetric the metric on the dev set after the epoch
 * @param learningRate the learning rate of the epoch's first step
 * @param penalty the mean extra penalty term (e.g. L2) over the epoch's steps, 0 without one
 * @param seconds the epoch's wall time, dev evaluation included
 * @param examplesPerSecond training throughput: examples of the epoch divided by the time of its steps
 */
public record EpochRecord(int epoch, double trainLoss, double trainMetric, double devLoss, double devMetric,
        double learningRate, double penalty, double seconds, double examplesPerSecond) {

    /** Whether a dev set was evaluated. */
    public boolean hasDev() {
        return !Double.isNaN(devLoss);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format("epoch %3d  loss %.4f", epoch, trainLoss));
        if (!Double.isNaN(trainMetric)) {
            s.append(String.format("  metric %.4f", trainMetric));
        }
        if (hasDev()) {
            s.append(String.format("  dev loss %.4f", devLoss));
            if (!Double.isNaN(devMetric)) {
                s.append(String.format("  dev metric %.4f", devMetric));
            }
        }
        return s.append(String.format("  lr %.3g  %.2fs  %.0f ex/s", learningRate, seconds, examplesPerSecond))
                .toString();
    }
}
