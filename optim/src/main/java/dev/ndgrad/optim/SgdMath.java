package dev.ndgrad.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The arithmetic of one {@link SGD} step, on arrays, in place; kept apart so it can be tested alone. */
public final class SgdMath {

    private SgdMath() {}

    /**
     * One step on {@code param}, with λ the weight decay (an L2 term {@code λ·W} added to the gradient),
     * β the momentum and c the style's gradient weight ({@code 1} accumulated, {@code 1 − β} averaged):
     *
     * <pre>
     * g = dW + λ·W
     * plain:     W = W − α·g
     * momentum:  v = β·v + c·g;  W = W − α·v
     * Nesterov:  v = β·v + c·g;  W = W − α·(c·g + β·v)
     * </pre>
     *
     * Nesterov's form is PyTorch's: the step uses the velocity one step ahead, {@code β·v_new + c·g}.
     *
     * @param velocity the momentum buffer v, updated in place; ignored (may be null) when β = 0
     * @param grad read only
     */
    public static void update(INDArray param, INDArray grad, INDArray velocity, double lr, double weightDecay,
            double momentum, MomentumStyle style, boolean nesterov) {
        INDArray g = withWeightDecay(param, grad, weightDecay);
        if (momentum == 0) {
            Blas1.axpy(-lr, g, param);
            return;
        }
        double c = style.gradientWeight(momentum);
        Blas1.scal(momentum, velocity);
        Blas1.axpy(c, g, velocity);
        if (nesterov) {
            Blas1.axpy(-lr * c, g, param);
            Blas1.axpy(-lr * momentum, velocity, param);
        } else {
            Blas1.axpy(-lr, velocity, param);
        }
    }

    /** {@code dW + λ·W}: the gradient of the loss plus the L2 penalty {@code (λ/2)·‖W‖²} (a new array if λ ≠ 0). */
    static INDArray withWeightDecay(INDArray param, INDArray grad, double weightDecay) {
        if (weightDecay == 0) {
            return grad;
        }
        INDArray g = grad.dup(param.ordering());
        Blas1.axpy(weightDecay, param, g);
        return g;
    }
}
