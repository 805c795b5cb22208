package dev.ndgrad.optim.train;

/**
 * A model's mean loss and metric on a data set ({@link Trainer#evaluate}).
 *
 * @param loss the mean data loss
 * @param metric the mean metric, {@code NaN} without one
 * @param examples how many examples were evaluated
 */
public record Evaluation(double loss, double metric, int examples) {

    /** {@code 1 − metric}: the error rate when the metric is an accuracy. */
    public double error() {
        return 1 - metric;
    }
}
