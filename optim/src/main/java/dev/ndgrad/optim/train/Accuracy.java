package dev.ndgrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fraction of examples classified correctly. The predicted class is:
 * <ul>
 *   <li>{@link #multiclass()}: {@code argmax_j z_j} over the {@code k ≥ 2} outputs (logits or probabilities);
 *   <li>{@link #binaryFromLogits()}: 1 if {@code z ≥ 0}, else 0 (one logit, {@code σ(z) ≥ 0.5});
 *   <li>{@link #binaryFromProbabilities()}: 1 if {@code p ≥ 0.5}, else 0 (one sigmoid output).
 * </ul>
 * Labels are class indices ({@code LONG [b]}) or 0/1 floating targets ({@code [b]} or {@code [b, 1]}).
 * {@link #auto()} is the argmax for several outputs and refuses a single output, since whether that is a logit
 * or a probability cannot be told from the values.
 *
 * <p>Serializable (a rule and a threshold), so that a distributed trainer can ship it to where the batches are.
 */
public final class Accuracy implements Metric, Serializable {

    private static final long serialVersionUID = 1L;

    private enum Rule { AUTO, ARGMAX, THRESHOLD }

    private final Rule rule;
    private final double threshold;

    private Accuracy(Rule rule, double threshold) {
        this.rule = rule;
        this.threshold = threshold;
    }

    /** Argmax for several outputs; a single output is an error naming the two binary choices. */
    public static Accuracy auto() {
        return new Accuracy(Rule.AUTO, Double.NaN);
    }

    /** {@code argmax_j z_j} against class indices. */
    public static Accuracy multiclass() {
        return new Accuracy(Rule.ARGMAX, Double.NaN);
    }

    /** One logit per example: class 1 when {@code z ≥ 0}. */
    public static Accuracy binaryFromLogits() {
        return new Accuracy(Rule.THRESHOLD, 0);
    }

    /** One probability per example: class 1 when {@code p ≥ 0.5}. */
    public static Accuracy binaryFromProbabilities() {
        return new Accuracy(Rule.THRESHOLD, 0.5);
    }

    /** One score per example: class 1 when {@code score ≥ threshold}. */
    public static Accuracy binary(double threshold) {
        return new Accuracy(Rule.THRESHOLD, threshold);
    }

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public double evaluate(INDArray outputs, INDArray labels) {
        long b = outputs.size(0);
        checkArgument(labels.length() == b, "Accuracy: %s outputs %s but %s labels %s", b,
                Arrays.toString(outputs.shape()), labels.length(), Arrays.toString(labels.shape()));
        long columns = outputs.rank() == 1 ? 1 : outputs.length() / b;
        INDArray predicted;
        if (rule == Rule.THRESHOLD) {
            checkArgument(columns == 1, "Accuracy: a threshold needs one output per example, got %s",
                    Arrays.toString(outputs.shape()));
            predicted = outputs.reshape(b).gte(threshold).castTo(DataType.INT64);
        } else {
            checkArgument(columns >= 2 || rule == Rule.ARGMAX,
                    "Accuracy: one output per example %s is ambiguous: use Accuracy.binaryFromLogits() (z >= 0) or "
                            + "Accuracy.binaryFromProbabilities() (p >= 0.5)", Arrays.toString(outputs.shape()));
            predicted = outputs.reshape(b, columns).argMax(1).castTo(DataType.INT64);
        }
        INDArray truth = labels.reshape(b);
        if (truth.dataType().isFPType()) {
            truth = truth.gte(0.5).castTo(DataType.INT64); // 0/1 targets
        } else if (truth.dataType() != DataType.INT64) {
            truth = truth.castTo(DataType.INT64);
        }
        return predicted.eq(truth).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    @Override
    public String toString() {
        return switch (rule) {
            case AUTO -> "Accuracy[argmax]";
            case ARGMAX -> "Accuracy[multiclass argmax]";
            case THRESHOLD -> "Accuracy[binary, score >= " + threshold + "]";
        };
    }
}
