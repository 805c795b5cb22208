package dev.ndgrad.optim.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A quality measure of a model's outputs on a batch, reported beside the loss (e.g. {@link Accuracy}). It must
 * be a <em>mean over the examples</em> of the batch, so that the trainer can combine batches by weighting each
 * with its size and get the value over the whole set.
 */
public interface Metric {

    /** A short name for reports, e.g. {@code "accuracy"}. */
    String name();

    /**
     * The mean of the metric over the batch.
     *
     * @param outputs the model's outputs {@code [b, k]} (or {@code [b]})
     * @param labels the batch's labels: {@code LONG [b]} class indices or floating targets
     */
    double evaluate(INDArray outputs, INDArray labels);
}
