package dev.ndgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.util.Arrays;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.Updates;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponentially weighted (moving) average, the seeds' {@code v_t = β·v_{t−1} + (1 − β)·θ_t}
 * with {@code v₀ = 0}, optionally bias-corrected: {@code v_t / (1 − β^t)}.
 *
 * <p>Unrolled, {@code v_t = (1 − β)·Σ_{i≤t} β^{t−i}·θ_i}: the weights decay by β per step, so the
 * average covers roughly the last {@code 1/(1 − β)} values (β = 0.9: about 10, β = 0.98: about 50).
 * The weights sum to {@code 1 − β^t}, which is why the early values are biased toward v₀ = 0 and
 * why dividing by {@code 1 − β^t} corrects them (seeds: with β = 0.98, v₁ = 0.02·θ₁ is far below
 * θ₁, while {@code v₁ / (1 − 0.98) = θ₁}). It needs one number (or array) of memory.
 *
 * <p>The optimizers' moments are this same average, kept per parameter: momentum averages the
 * gradients dW, RMSprop the squared gradients dW², and Adam both, with bias correction. They share
 * the in-place update {@link #accumulate} and the correction factor {@link #biasCorrection}.
 *
 * <p>An instance tracks either a scalar stream ({@link #update(double)}, {@link #value()}) or an
 * array stream ({@link #update(INDArray)}, {@link #arrayValue()}), fixed by its first update.
 */
public final class ExponentialMovingAverage {

    private final double beta;
    private final boolean biasCorrection;
    private long count;
    private double scalar;
    private INDArray array;

    /**
     * @param beta the decay rate β, in [0, 1)
     * @param biasCorrection whether {@link #value()} divides by {@code 1 − β^t}
     */
    public ExponentialMovingAverage(double beta, boolean biasCorrection) {
        this.beta = Hyperparameters.beta("ExponentialMovingAverage", "beta", beta);
        this.biasCorrection = biasCorrection;
    }

    /**
     * {@code average ← β·average + (1 − β)·value}, in place (the arrays of one shape and dtype).
     * Momentum, RMSprop and Adam update their moments with this.
     */
    public static void accumulate(INDArray average, INDArray value, double beta) {
        Updates.movingAverage(Storage.wrap(average), Storage.wrap(value), beta);
    }

    /** The bias-correction divisor {@code 1 − β^t} after t values (0 at t = 0, → 1 as t grows). */
    public static double biasCorrection(double beta, long t) {
        return 1 - Math.pow(beta, t);
    }

    /** Adds θ_t; returns the new {@link #value()}. */
    public double update(double theta) {
        checkState(array == null, "ExponentialMovingAverage: this average tracks arrays of shape %s, not scalars",
                array == null ? null : Arrays.toString(array.shape()));
        scalar = beta * scalar + (1 - beta) * theta;
        count++;
        return value();
    }

    /** Adds θ_t, an array of the same shape and dtype as the ones before (it is not kept). */
    public void update(INDArray theta) {
        checkNotNull(theta, "ExponentialMovingAverage: theta");
        if (array == null) {
            checkState(count == 0, "ExponentialMovingAverage: this average tracks scalars, not arrays");
            array = theta.ulike().assign(0);
        }
        checkArgument(Arrays.equals(theta.shape(), array.shape()) && theta.dataType() == array.dataType(),
                "ExponentialMovingAverage: got %s%s, but this average tracks %s%s", theta.dataType(),
                Arrays.toString(theta.shape()), array.dataType(), Arrays.toString(array.shape()));
        accumulate(array, theta, beta);
        count++;
    }

    /**
     * The scalar average v_t, or {@code v_t / (1 − β^t)} with bias correction; 0 before the first
     * update (the seeds' v₀).
     */
    public double value() {
        checkState(array == null, "ExponentialMovingAverage: this average tracks arrays; use arrayValue()");
        return biasCorrection && count > 0 ? scalar / biasCorrection(beta, count) : scalar;
    }

    /** A copy of the array average (bias-corrected if so configured). */
    public INDArray arrayValue() {
        checkState(array != null, count == 0 ? "ExponentialMovingAverage: no array added yet"
                : "ExponentialMovingAverage: this average tracks scalars; use value()");
        return biasCorrection ? array.div(biasCorrection(beta, count)) : array.dup();
    }

    /** t: how many values have been added. */
    public long count() {
        return count;
    }

    public double beta() {
        return beta;
    }

    public boolean biasCorrected() {
        return biasCorrection;
    }

    /** Back to {@code v₀ = 0}, t = 0 (and to no fixed kind of stream). */
    public void reset() {
        count = 0;
        scalar = 0;
        array = null;
    }

    @Override
    public String toString() {
        return "ExponentialMovingAverage(beta=" + beta + (biasCorrection ? ", bias-corrected" : "") + ", t=" + count
                + ")";
    }
}
