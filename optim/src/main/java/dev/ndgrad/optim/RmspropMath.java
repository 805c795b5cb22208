package dev.ndgrad.optim;

import dev.ndgrad.optim.DirectArrays.Elements;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The arithmetic of one {@link RMSprop} step, on arrays, in place; kept apart so it can be tested alone. */
public final class RmspropMath {

    private RmspropMath() {}

    /**
     * One step on {@code param}, with λ the weight decay (L2, added to the gradient):
     *
     * <pre>
     * g = dW + λ·W
     * s = β·s + (1 − β)·g²
     * W = W − α·g / (√s + ε)
     * </pre>
     *
     * On the CPU backend, with all arrays dense in one layout, this is one fused pass over the
     * elements; otherwise a few in-place ND4J ops. Both compute the formulas above.
     *
     * @param meanSquare s, the running average of the squared gradients, updated in place
     * @param grad read only
     */
    public static void update(INDArray param, INDArray grad, INDArray meanSquare, double lr, double beta, double eps,
            double weightDecay) {
        if (DirectArrays.applyTo(param, grad, meanSquare)) {
            updateFused(param, grad, meanSquare, lr, beta, eps, weightDecay);
        } else {
            updateWithNd4j(param, grad, meanSquare, lr, beta, eps, weightDecay);
        }
    }

    /** The formulas element by element, in double (arrays as checked by {@link DirectArrays#applyTo}). */
    static void updateFused(INDArray param, INDArray grad, INDArray meanSquare, double lr, double beta, double eps,
            double weightDecay) {
        Elements w = DirectArrays.of(param);
        Elements dW = DirectArrays.of(grad);
        Elements s = DirectArrays.of(meanSquare);
        int n = (int) param.length();
        for (int i = 0; i < n; i++) {
            double wi = w.get(i);
            double g = dW.get(i) + weightDecay * wi;
            double si = beta * s.get(i) + (1 - beta) * g * g;
            s.set(i, si);
            w.set(i, wi - lr * g / (Math.sqrt(si) + eps));
        }
    }

    /** The same with ND4J ops, for any layout and backend. */
    static void updateWithNd4j(INDArray param, INDArray grad, INDArray meanSquare, double lr, double beta, double eps,
            double weightDecay) {
        INDArray g = SgdMath.withWeightDecay(param, grad, weightDecay);
        ExponentialMovingAverage.accumulate(meanSquare, g.mul(g), beta);
        INDArray step = Transforms.sqrt(meanSquare, true).addi(eps).rdivi(g);   // g / (√s + ε)
        Blas1.axpy(-lr, step, param);
    }
}
