package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
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
        checkNotNull(reduction, "binaryCrossEntropy: reduction is null");
        if (reduction == Reduction.MEAN) {
            return probability.binaryCrossEntropy(target, PROBABILITY_EPS);      // one fused op
        }
        if (reduction == Reduction.SUM) {
            return probability.binaryCrossEntropySum(target, PROBABILITY_EPS);
        }
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

    /**
     * Cross-entropy with label smoothing {@code ε} (PyTorch's {@code label_smoothing}): the target is the mix
     * {@code (1 − ε)·onehot(c) + ε/K} of the class and the uniform distribution over the {@code K} classes, so
     * <pre>L⁽ⁱ⁾ = (1 − ε)·(−logSoftmax(z⁽ⁱ⁾)_{c⁽ⁱ⁾}) + ε·(1/K) Σₖ (−logSoftmax(z⁽ⁱ⁾)ₖ)</pre>
     * ({@code ∂L/∂z = softmax(z) − (1 − ε)·onehot(c) − ε/K}); {@code ε = 0} is the plain (fused) cross-entropy.
     * Smoothing keeps the logits from growing without bound on separable data (Szegedy et al., 2016,
     * "Rethinking the Inception architecture").
     *
     * @param labelSmoothing {@code ε} in {@code [0, 1]}
     */
    public static Tensor crossEntropy(Tensor logits, Tensor classIndices, double labelSmoothing, Reduction reduction) {
        checkLabelSmoothing("crossEntropy", labelSmoothing);
        if (labelSmoothing == 0) {
            return crossEntropy(logits, classIndices, reduction);
        }
        checkLogits("crossEntropy", logits);
        checkNotNull(reduction, "crossEntropy: reduction is null");
        Tensor logProbabilities = logits.logSoftmax(1);
        Tensor nll = nll(logProbabilities, classIndices, Reduction.NONE, "crossEntropy");
        Tensor uniform = logProbabilities.mean(1, false).neg();
        return reduction.apply(nll.mul(1 - labelSmoothing).add(uniform.mul(labelSmoothing)));
    }

    /**
     * {@link #crossEntropyWithProbabilities} with label smoothing {@code ε}: the target rows become
     * {@code (1 − ε)·y + ε/K}, as PyTorch's {@code cross_entropy(z, probabilities, label_smoothing=ε)}.
     */
    public static Tensor crossEntropyWithProbabilities(Tensor logits, Tensor targetProbabilities,
            double labelSmoothing, Reduction reduction) {
        checkLabelSmoothing("crossEntropyWithProbabilities", labelSmoothing);
        checkLogits("crossEntropyWithProbabilities", logits);
        checkNotNull(targetProbabilities, "crossEntropyWithProbabilities: target is null");
        Tensor smoothed = labelSmoothing == 0 ? targetProbabilities
                : targetProbabilities.mul(1 - labelSmoothing).add(labelSmoothing / logits.size(1));
        return crossEntropyWithProbabilities(logits, smoothed, reduction);
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

    // ------------------------------------------------------------------ regression: L1, Huber, smooth L1

    /** Mean absolute error, averaged over all elements. */
    public static Tensor l1(Tensor prediction, Tensor target) {
        return l1(prediction, target, Reduction.MEAN);
    }

    /**
     * Absolute error {@code L = |ŷ − y|} per element (PyTorch's {@code L1Loss}); {@code ∂L/∂ŷ = sign(ŷ − y)},
     * taken as 0 where {@code ŷ = y}, as PyTorch does.
     */
    public static Tensor l1(Tensor prediction, Tensor target, Reduction reduction) {
        checkPair("l1", prediction, target);
        checkNotNull(reduction, "l1: reduction is null");
        return reduction.apply(prediction.sub(target).abs());
    }

    /** Huber loss with {@code δ = 1}, averaged over all elements. */
    public static Tensor huber(Tensor prediction, Tensor target) {
        return huber(prediction, target, 1.0, Reduction.MEAN);
    }

    /**
     * Huber's loss of the error {@code d = ŷ − y} (PyTorch's {@code HuberLoss(delta=δ)}): quadratic near 0,
     * linear beyond {@code δ}, so outliers pull with a bounded force:
     * <pre>L = ½d²            if |d| ≤ δ,   ∂L/∂ŷ = d
     * L = δ(|d| − ½δ)     otherwise,   ∂L/∂ŷ = δ·sign(d)</pre>
     * (both pieces meet with the same value and slope at {@code |d| = δ}).
     *
     * @param delta {@code δ > 0}
     */
    public static Tensor huber(Tensor prediction, Tensor target, double delta, Reduction reduction) {
        checkPair("huber", prediction, target);
        checkArgument(delta > 0, "huber: delta must be positive, got %s", delta);
        checkNotNull(reduction, "huber: reduction is null");
        return reduction.apply(huberTerms(prediction.sub(target), delta));
    }

    /** Smooth L1 loss with {@code β = 1}, averaged over all elements. */
    public static Tensor smoothL1(Tensor prediction, Tensor target) {
        return smoothL1(prediction, target, 1.0, Reduction.MEAN);
    }

    /**
     * Smooth L1 of the error {@code d = ŷ − y} (PyTorch's {@code SmoothL1Loss(beta=β)}, Girshick's Fast R-CNN
     * box loss): the Huber loss scaled by {@code 1/β}, so its linear part has slope 1 whatever {@code β}:
     * <pre>L = ½d²/β          if |d| ≤ β,   ∂L/∂ŷ = d/β
     * L = |d| − ½β        otherwise,   ∂L/∂ŷ = sign(d)</pre>
     * {@code β = 0} is the {@link #l1} loss, as in PyTorch.
     *
     * @param beta {@code β ≥ 0}
     */
    public static Tensor smoothL1(Tensor prediction, Tensor target, double beta, Reduction reduction) {
        checkPair("smoothL1", prediction, target);
        checkArgument(beta >= 0, "smoothL1: beta must be >= 0, got %s", beta);
        checkNotNull(reduction, "smoothL1: reduction is null");
        Tensor d = prediction.sub(target);
        return reduction.apply(beta == 0 ? d.abs() : huberTerms(d, beta).mul(1 / beta));
    }

    /** ½d² where |d| ≤ δ, δ(|d| − ½δ) elsewhere; at |d| = δ the two agree in value and slope. */
    private static Tensor huberTerms(Tensor d, double delta) {
        Tensor size = d.abs();
        Tensor linear = size.sub(0.5 * delta).mul(delta);
        Tensor quadratic = d.square().mul(0.5);
        return Tensor.where(size.gt(delta), linear, quadratic);
    }

    // ------------------------------------------------------------------ divergences

    /**
     * Kullback–Leibler divergence {@code KL(y ‖ p)} of the distribution {@code p} given by its
     * log-probabilities (PyTorch's {@code kl_div(input, target)}: the input is {@code log p}, e.g. from
     * {@link LogSoftmax}, the target the probabilities {@code y}), per element:
     * <pre>L = y·(ln y − log p),   with 0·ln 0 = 0;   ∂L/∂(log p) = −y</pre>
     * The divergence of each example is the sum over its elements, so {@link Reduction#BATCHMEAN} (sum / batch)
     * gives the mean KL divergence per example; {@link Reduction#MEAN} divides by every element, as PyTorch's
     * {@code "mean"} does. A negative target gives NaN (the logarithm of a negative number), as in PyTorch.
     */
    public static Tensor klDiv(Tensor logProbabilities, Tensor target, Reduction reduction) {
        checkPair("klDiv", logProbabilities, target);
        checkNotNull(reduction, "klDiv: reduction is null");
        Tensor zero = Tensor.zeros(target.dtype());
        Tensor safeTarget = Tensor.where(target.eq(zero), Tensor.ones(target.dtype()), target);   // ln 1 = 0 at y = 0
        return reduction.apply(target.mul(safeTarget.log()).sub(target.mul(logProbabilities)));
    }

    /**
     * {@link #klDiv} with the target given as log-probabilities {@code log y} too (PyTorch's
     * {@code log_target=True}), which is exact for targets too small to represent as probabilities:
     * <pre>L = e^{log y}·(log y − log p)</pre>
     */
    public static Tensor klDivLogTarget(Tensor logProbabilities, Tensor logTarget, Reduction reduction) {
        checkPair("klDivLogTarget", logProbabilities, logTarget);
        checkNotNull(reduction, "klDivLogTarget: reduction is null");
        return reduction.apply(logTarget.exp().mul(logTarget.sub(logProbabilities)));
    }

    // ------------------------------------------------------------------ weighted binary cross-entropy

    /**
     * {@link #binaryCrossEntropyWithLogits} with a weight {@code p} on the positive examples (PyTorch's
     * {@code pos_weight}, broadcast over the last axis: one weight per class of a multi-label output), in a form
     * stable for any logit:
     * <pre>L(z, y) = −[p·y·ln σ(z) + (1 − y)·ln(1 − σ(z))] = (1 − y)·z + (1 + (p − 1)·y)·softplus(−z)</pre>
     * {@code p > 1} raises recall ({@code p = #negatives/#positives} balances a class), {@code p < 1} precision;
     * {@code p = 1} is the unweighted loss.
     *
     * @param posWeight the weights {@code p}, a tensor that broadcasts to the logits' shape (e.g. {@code [classes]})
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor posWeight,
            Reduction reduction) {
        checkPair("binaryCrossEntropyWithLogits", logits, target);
        checkNotNull(posWeight, "binaryCrossEntropyWithLogits: posWeight is null");
        if (!(posWeight.dtype() == logits.dtype() && broadcastsTo(posWeight.shape(), logits.shape()))) {
            throw new IllegalArgumentException(lenientFormat(
                    "binaryCrossEntropyWithLogits: posWeight %s must have the logits' dtype and broadcast to "
                    + "their shape "
                    + "(logits %s; e.g. one weight per class, [%s])", Described.of(posWeight), Described.of(logits),
                    logits.rank() == 0 ? 1 : logits.size(-1)));
        }
        checkNotNull(reduction, "binaryCrossEntropyWithLogits: reduction is null");
        Tensor logWeight = posWeight.sub(1).mul(target).add(1);
        return reduction.apply(target.rsub(1).mul(logits).add(logWeight.mul(logits.neg().softplus())));
    }

    /** Whether NumPy broadcasting takes {@code from} to exactly {@code to}. */
    private static boolean broadcastsTo(long[] from, long[] to) {
        if (from.length > to.length) {
            return false;
        }
        for (int i = 1; i <= from.length; i++) {
            long f = from[from.length - i];
            if (f != 1 && f != to[to.length - i]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ argument checks

    private static void checkPair(String op, Tensor prediction, Tensor target) {
        checkNotNull(prediction, "%s: prediction is null", op);
        checkNotNull(target, "%s: target is null", op);
        if (!(Arrays.equals(prediction.shape(), target.shape()))) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: prediction %s and target %s must have the same shape", op, Described.of(prediction),
                    Described.of(target)));
        }
        if (!(prediction.dtype().isFPType() && prediction.dtype() == target.dtype())) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: prediction %s and target %s must have the same floating dtype", op, Described.of(prediction),
                    Described.of(target)));
        }
    }

    private static void checkLabelSmoothing(String op, double labelSmoothing) {
        checkArgument(labelSmoothing >= 0 && labelSmoothing <= 1, "%s: label smoothing must be in [0, 1], got %s", op,
                labelSmoothing);
    }

    private static void checkLogits(String op, Tensor logits) {
        checkNotNull(logits, "%s: input is null", op);
        if (!(logits.rank() == 2 && logits.dtype().isFPType())) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: input %s must be a floating-point [batch, classes] tensor", op, Described.of(logits)));
        }
    }

    private static void checkClassIndices(String op, Tensor indices, long batch, long classes) {
        checkNotNull(indices, "%s: class indices are null", op);
        if (!(indices.rank() == 1 && indices.size(0) == batch && !indices.dtype().isFPType()
                && indices.dtype().isNumerical())) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: class indices %s must be an integer tensor [%s] (one class per example, e.g. Tensor.indices)",
                    op, Described.of(indices), batch));
        }
        long[] c = Kernels.longs(indices.storage());
        for (int i = 0; i < c.length; i++) {
            checkArgument(c[i] >= 0 && c[i] < classes, "%s: class index %s of example %s is out of range [0, %s)",
                    op, c[i], i, classes);
        }
    }
}
