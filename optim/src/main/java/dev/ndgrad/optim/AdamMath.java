package dev.ndgrad.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The arithmetic of one {@link Adam} / {@link AdamW} step, on arrays, in place; tested alone. */
public final class AdamMath {

    private AdamMath() {}

    /**
     * Step t (1 at the first) on {@code param}:
     *
     * <pre>
     * coupled decay (Adam):     g = dW + λ·W
     * decoupled decay (AdamW):  W = W − α·λ·W;  g = dW
     * v = β₁·v + (1 − β₁)·g          v̂ = v / (1 − β₁ᵗ)
     * s = β₂·s + (1 − β₂)·g²         ŝ = s / (1 − β₂ᵗ)
     * W = W − α·v̂ / (√ŝ + ε)
     * </pre>
     *
     * (The seeds' names: v is the momentum term, s the RMSprop term.) Computed as
     * {@code W − (α/(1 − β₁ᵗ))·v / (√s/√(1 − β₂ᵗ) + ε)}, which is the same number with fewer passes.
     *
     * @param mean v, the first moment, updated in place
     * @param meanSquare s, the second moment, updated in place
     * @param grad read only
     */
    public static void update(INDArray param, INDArray grad, INDArray mean, INDArray meanSquare, long t, double lr,
            double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        INDArray g = grad;
        if (decoupled) {
            Blas1.scal(1 - lr * weightDecay, param);
        } else {
            g = SgdMath.withWeightDecay(param, grad, weightDecay);
        }
        ExponentialMovingAverage.accumulate(mean, g, beta1);
        ExponentialMovingAverage.accumulate(meanSquare, g.mul(g), beta2);
        double correction1 = ExponentialMovingAverage.biasCorrection(beta1, t);
        double correction2 = ExponentialMovingAverage.biasCorrection(beta2, t);
        INDArray denominator = Transforms.sqrt(meanSquare, true);
        Blas1.scal(1 / Math.sqrt(correction2), denominator);
        INDArray step = denominator.addi(eps).rdivi(mean);   // v / (√ŝ + ε)
        Blas1.axpy(-lr / correction1, step, param);
    }
}
