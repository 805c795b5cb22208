package dev.ndgrad.optim.train;

/**
 * The plain line of one epoch, where a progress bar would be noise (see {@link ProgressDisplay#LINES}):
 * {@code epoch  7/40  loss 0.1234  accuracy 0.9710  | dev loss 0.1502  accuracy 0.9640  lr 0.00200  0.4 s  3,150 ex/s}.
 * Values that were not measured (no metric, no dev set) are left out.
 */
final class EpochLine {

    private EpochLine() {}

    static String of(EpochRecord r, int epochs, String metricName) {
        int width = String.valueOf(epochs).length();
        StringBuilder s = new StringBuilder(String.format("epoch %" + width + "d/%d  loss %.4f", r.epoch() + 1, epochs,
                r.trainLoss()));
        if (!Double.isNaN(r.trainMetric())) {
            s.append(String.format("  %s %.4f", metricName, r.trainMetric()));
        }
        if (r.hasDev()) {
            s.append(String.format("  | dev loss %.4f", r.devLoss()));
            if (!Double.isNaN(r.devMetric())) {
                s.append(String.format("  %s %.4f", metricName, r.devMetric()));
            }
        }
        if (!Double.isNaN(r.learningRate())) {
            s.append(String.format("  lr %.5g", r.learningRate()));
        }
        s.append(String.format("  %.1f s  %,.0f ex/s", r.seconds(), r.examplesPerSecond()));
        return s.toString();
    }
}
