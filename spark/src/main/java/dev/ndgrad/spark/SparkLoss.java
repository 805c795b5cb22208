package dev.ndgrad.spark;

import dev.ndgrad.autograd.Tensor;
import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * {@code (outputs, labels) → mean loss over the batch}, serializable so that Spark can ship it to the executors.
 * A method reference such as {@code Losses::crossEntropy} or {@code Losses::mse} converts to it. As with
 * {@link dev.ndgrad.optim.train.Trainer}, the loss must be the <em>mean</em> over the batch: the partitions' means
 * are weighted by their share of the global batch to give the one-machine mean.
 */
@FunctionalInterface
public interface SparkLoss extends BiFunction<Tensor, Tensor, Tensor>, Serializable {
}
