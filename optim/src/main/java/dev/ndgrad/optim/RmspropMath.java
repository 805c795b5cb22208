package dev.ndgrad.optim;

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
     * @param meanSquare s, the running average of the squared gradients, updated in place
     * @param grad read only
     */
    public static void update(INDArray param, INDArray grad, INDArray meanSquare, double lr, double beta, double eps,
            double weightDecay) {
        INDArray g = SgdMath.withWeightDecay(param, grad, weightDecay);
        ExponentialMovingAverage.accumulate(meanSquare, g.mul(g), beta);
        INDArray step = Transforms.sqrt(meanSquare, true).addi(eps).rdivi(g);   // g / (√s + ε)
        Blas1.axpy(-lr, step, param);
    }
}
