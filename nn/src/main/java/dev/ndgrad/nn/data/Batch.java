package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;

/**
 * One mini-batch {@code (X{t}, Y{t})}: features {@code [b, d]} and labels ({@code LONG [b]} class indices or
 * floating targets {@code [b, k]}), as constant tensors ready for a model's {@code forward}.
 *
 * @param features the inputs, one example per row
 * @param labels the targets, one per row of {@code features}
 */
public record Batch(Tensor features, Tensor labels) {

    public Batch {
        checkNotNull(features, "Batch: features");
        checkNotNull(labels, "Batch: labels");
        checkArgument(features.rank() >= 1 && labels.rank() >= 1 && features.size(0) == labels.size(0),
                "Batch: features %s and labels %s must have the same number of rows",
                java.util.Arrays.toString(features.shape()), java.util.Arrays.toString(labels.shape()));
    }

    /** The number of examples in this batch. */
    public int size() {
        return Math.toIntExact(features.size(0));
    }
}
