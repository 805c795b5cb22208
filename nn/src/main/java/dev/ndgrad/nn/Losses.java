package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Loss functions, built from autograd ops (the graph derives their gradients). Each returns the mean
 * over the batch by default — the seeds' cost {@code J = (1/m) Σᵢ L(ŷ⁽ⁱ⁾, y⁽ⁱ⁾)} — and takes a
 * {@link Reduction} for the sum or the unreduced values. Batches are rows ({@code [batch, …]}); the seeds
 * write examples as columns, which changes nothing in the formulas below.
 */
public final class Losses {

    /**
     * The clamp that keeps {@code log(0)} out of {@link #binaryCrossEntropy}: {@code ln(1e−12) ≈ −27.6}
     * bounds each term (representable in FLOAT as in DOUBLE).
     */
    public static final double PROBABILITY_EPS = 1e-12;

    private Losses() {}

    /** Mean squared error, averaged over all elements. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        return mse(prediction, target, Reduction.MEAN);
    }

    /**
     * Squared error {@code L = (ŷ − y)²} per element (PyTorch's {@code MSELoss}: {@link Reduction#MEAN}
     * averages over every element); {@code ∂L/∂ŷ = 2(ŷ − y)}.
     */
    public static Tensor mse(Tensor prediction, Tensor target, Reduction reduction) {
        checkPair("mse", prediction, target);
        return reduction.apply(prediction.sub(target).square());
    }

    /** Binary cross-entropy on probabilities, mean over the batch. */
    public static Tensor binaryCrossEntropy(Tensor probability, Tensor target) {
        return binaryCrossEntropy(probability, target, Reduction.MEAN);
    }

    /**
     * The seeds' logistic loss on probabilities {@code a = ŷ ∈ [0, 1]} and targets {@code y ∈ [0, 1]}:
     * <pre>L(a, y) = −[y·ln a + (1 − y)·ln(1 − a)],   ∂L/∂a = −y/a + (1 − y)/(1 − a)</pre>
     * Inside each log the argument is clamped to {@code [PROBABILITY_EPS, 1]}, so a saturated sigmoid
     * ({@code a} exactly 0 or 1) gives a large finite loss instead of {@code log(0)}. Prefer
     * {@link #binaryCrossEntropyWithLogits} when the probabilities come from a sigmoid: it is stable without
     * a clamp.
     */
    public static Tensor binaryCrossEntropy(Tensor probability, Tensor target, Reduction reduction) {
        checkPair("binaryCrossEntropy", probability, target);
        Tensor logA = probability.clamp(PROBABILITY_EPS, 1).log();
        Tensor logOneMinusA = probability.rsub(1).clamp(PROBABILITY_EPS, 1).log();
        return reduction.apply(target.mul(logA).add(target.rsub(1).mul(logOneMinusA)).neg());
    }

    /** Binary cross-entropy on logits, mean over the batch. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, Reduction.MEAN);
    }

    /**
     * The logistic loss of {@code a = σ(z)} computed from the logit {@code z}, in the stable form
     * <pre>L(z, y) = −[y·ln σ(z) + (1 − y)·ln(1 − σ(z))] = softplus(z) − z·y,   ∂L/∂z = σ(z) − y</pre>
     * ({@code softplus(z) = ln(1 + eᶻ)} is computed without overflow), so very large or small logits neither
     * overflow nor lose the gradient — the seeds' {@code dz = a − y}.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction) {
        checkPair("binaryCrossEntropyWithLogits", logits, target);
        return reduction.apply(logits.softplus().sub(logits.mul(target)));
    }

    /** Softmax cross-entropy from logits and class indices, mean over the batch. */
    public static Tensor crossEntropy(Tensor logits, Tensor classIndices) {
        return crossEntropy(logits, classIndices, Reduction.MEAN);
    }

    /**
     * Multi-class cross-entropy of {@code ŷ = softmax(z)} from logits {@code z [batch, K]} and class
     * indices {@code c [batch]} (an integer tensor, e.g. {@link Tensor#indices}): the seeds'
     * <pre>J = −(1/m) Σᵢ Σₖ yₖᵢ ln ŷₖᵢ</pre>
     * with {@code y} the one-hot of {@code c}, i.e. {@code L⁽ⁱ⁾ = −logSoftmax(z⁽ⁱ⁾)_{c⁽ⁱ⁾}}. The fused
     * log-softmax is stable for any logits; {@code ∂L/∂z = softmax(z) − y}. The mean and the sum are one fused
     * autograd op ({@link Tensor#crossEntropy}), a fraction of the ND4J calls of the composition.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor classIndices, Reduction reduction) {
        checkLogits("crossEntropy", logits);
        checkNotNull(reduction, "crossEntropy: reduction is null");
        if (reduction == Reduction.MEAN || reduction == Reduction.SUM) {
            checkClassIndices("crossEntropy", classIndices, logits.size(0), logits.size(1));
            return reduction == Reduction.MEAN ? logits.crossEntropy(classIndices) : logits.crossEntropySum(classIndices);
        }
        return nll(logits.logSoftmax(1), classIndices, reduction, "crossEntropy");
    }

    /** Cross-entropy with one-hot or probability targets, mean over the batch. */
    public static Tensor crossEntropyWithProbabilities(Tensor logits, Tensor targetProbabilities) {
        return crossEntropyWithProbabilities(logits, targetProbabilities, Reduction.MEAN);
    }

    /**
     * Cross-entropy from logits {@code z [batch, K]} with target distributions {@code y [batch, K]} (one-hot,
     * the seeds' indicator matrix, or soft labels whose rows sum to 1):
     * <pre>L⁽ⁱ⁾ = −Σₖ yₖ⁽ⁱ⁾ · logSoftmax(z⁽ⁱ⁾)ₖ,   ∂L/∂z = softmax(z)·Σₖyₖ − y</pre>
     */
    public static Tensor crossEntropyWithProbabilities(Tensor logits, Tensor targetProbabilities,
            Reduction reduction) {
        checkLogits("crossEntropyWithProbabilities", logits);
        checkPair("crossEntropyWithProbabilities", logits, targetProbabilities);
        return reduction.apply(targetProbabilities.mul(logits.logSoftmax(1)).sum(1, false).neg());
    }

    /** Negative log-likelihood, mean over the batch. */
    public static Tensor nll(Tensor logProbabilities, Tensor classIndices) {
        return nll(logProbabilities, classIndices, Reduction.MEAN);
    }

    /**
     * Negative log-likelihood {@code L⁽ⁱ⁾ = −log p⁽ⁱ⁾_{c⁽ⁱ⁾}} of log-probabilities {@code [batch, K]} (e.g. from
     * {@link LogSoftmax}) at the class indices {@code c [batch]}; {@code ∂L/∂log p = −onehot(c)}.
     * {@code nll(logSoftmax(z), c) = crossEntropy(z, c)}.
     */
    public static Tensor nll(Tensor logProbabilities, Tensor classIndices, Reduction reduction) {
        checkLogits("nll", logProbabilities);
        return nll(logProbabilities, classIndices, reduction, "nll");
    }

    private static Tensor nll(Tensor logProbabilities, Tensor classIndices, Reduction reduction, String op) {
        checkNotNull(reduction, "%s: reduction is null", op);
        long batch = logProbabilities.size(0);
        checkClassIndices(op, classIndices, batch, logProbabilities.size(1));
        Tensor picked = logProbabilities.gather(1, classIndices.reshape(batch, 1));
        return reduction.apply(picked.reshape(batch).neg());
    }

    // ------------------------------------------------------------------ argument checks

    private static void checkPair(String op, Tensor prediction, Tensor target) {
        checkNotNull(prediction, "%s: prediction is null", op);
        checkNotNull(target, "%s: target is null", op);
        checkArgument(Arrays.equals(prediction.shape(), target.shape()),
                "%s: prediction %s and target %s must have the same shape", op, Described.of(prediction),
                Described.of(target));
        checkArgument(prediction.dtype().isFPType() && prediction.dtype() == target.dtype(),
                "%s: prediction %s and target %s must have the same floating dtype", op, Described.of(prediction),
                Described.of(target));
    }

    private static void checkLogits(String op, Tensor logits) {
        checkNotNull(logits, "%s: input is null", op);
        checkArgument(logits.rank() == 2 && logits.dtype().isFPType(),
                "%s: input %s must be a floating-point [batch, classes] tensor", op, Described.of(logits));
    }

    private static void checkClassIndices(String op, Tensor indices, long batch, long classes) {
        checkNotNull(indices, "%s: class indices are null", op);
        checkArgument(indices.rank() == 1 && indices.size(0) == batch && !indices.dtype().isFPType()
                        && indices.dtype().isNumerical(),
                "%s: class indices %s must be an integer tensor [%s] (one class per example, e.g. Tensor.indices)",
                op, Described.of(indices), batch);
        long[] c = indices.data().toLongVector();
        for (int i = 0; i < c.length; i++) {
            checkArgument(c[i] >= 0 && c[i] < classes, "%s: class index %s of example %s is out of range [0, %s)",
                    op, c[i], i, classes);
        }
    }
}
