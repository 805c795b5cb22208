package dev.ndgrad.optim;

import dev.ndgrad.optim.DirectArrays.Elements;
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
     * (The seeds' names: v is the momentum term, s the RMSprop term.) On the CPU backend, with all
     * arrays dense in one layout, this is one fused pass over the elements; otherwise a few in-place
     * ND4J ops. Both compute the formulas above.
     *
     * @param mean v, the first moment, updated in place
     * @param meanSquare s, the second moment, updated in place
     * @param grad read only
     */
    public static void update(INDArray param, INDArray grad, INDArray mean, INDArray meanSquare, long t, double lr,
            double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        if (DirectArrays.applyTo(param, grad, mean, meanSquare)) {
            updateFused(param, grad, mean, meanSquare, t, lr, beta1, beta2, eps, weightDecay, decoupled);
        } else {
            updateWithNd4j(param, grad, mean, meanSquare, t, lr, beta1, beta2, eps, weightDecay, decoupled);
        }
    }

    /** The formulas element by element, in double (arrays as checked by {@link DirectArrays#applyTo}). */
    static void updateFused(INDArray param, INDArray grad, INDArray mean, INDArray meanSquare, long t, double lr,
            double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        Elements w = DirectArrays.of(param);
        Elements dW = DirectArrays.of(grad);
        Elements v = DirectArrays.of(mean);
        Elements s = DirectArrays.of(meanSquare);
        double correction1 = ExponentialMovingAverage.biasCorrection(beta1, t);
        double correction2 = ExponentialMovingAverage.biasCorrection(beta2, t);
        double shrink = decoupled ? 1 - lr * weightDecay : 1;
        double l2 = decoupled ? 0 : weightDecay;
        int n = (int) param.length();
        for (int i = 0; i < n; i++) {
            double wi = w.get(i) * shrink;
            double g = dW.get(i) + l2 * wi;
            double vi = beta1 * v.get(i) + (1 - beta1) * g;
            double si = beta2 * s.get(i) + (1 - beta2) * g * g;
            v.set(i, vi);
            s.set(i, si);
            w.set(i, wi - lr * (vi / correction1) / (Math.sqrt(si / correction2) + eps));
        }
    }

    /**
     * The same with ND4J ops, for any layout and backend: computed as
     * {@code W − (α/(1 − β₁ᵗ))·v / (√s/√(1 − β₂ᵗ) + ε)}, the same number with fewer passes.
     */
    static void updateWithNd4j(INDArray param, INDArray grad, INDArray mean, INDArray meanSquare, long t, double lr,
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
