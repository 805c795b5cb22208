package dev.ndgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Updates;
import java.util.List;

/**
 * Gradient clipping, between {@code backward()} and {@code step()}, against the occasional huge
 * gradient (exploding gradients) that would throw the parameters far off.
 *
 * <p>Gradients are changed in place, through {@link Tensor#updateData} (which bumps their version):
 * autograd gives every leaf a gradient array of its own, so no other tensor changes with them.
 */
public final class GradClip {

    private GradClip() {}

    /**
     * Scales all gradients together so that their global norm
     * {@code ‖g‖ = √(Σ_params ‖dW‖₂²)} is at most {@code maxNorm}: if {@code ‖g‖ > maxNorm}, every
     * dW becomes {@code dW·maxNorm/(‖g‖ + 1e-6)} (PyTorch's factor; the small term guards ‖g‖ = 0).
     * The direction of the update is kept. Parameters without a gradient are skipped.
     *
     * @return ‖g‖ before clipping (useful to log). If it is NaN or infinite, nothing is changed and
     *     it is returned as is, so the caller can skip the step
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        checkNotNull(params, "clipGradNorm: params");
        Hyperparameters.positive("clipGradNorm", "maxNorm", maxNorm);
        double sumOfSquares = 0;
        for (Tensor p : params) {
            checkNotNull(p, "clipGradNorm: null parameter");
            if (p.gradForUpdate() != null) {
                sumOfSquares += Updates.squaredNorm(p.gradForUpdate().storage());
            }
        }
        double total = Math.sqrt(sumOfSquares);
        if (!Double.isFinite(total) || total <= maxNorm) {
            return total;
        }
        double scale = maxNorm / (total + 1e-6);
        for (Tensor p : params) {
            if (p.gradForUpdate() != null) {
                p.gradForUpdate().updateStorage(g -> Kernels.scaleInPlace(g, scale));
            }
        }
        return total;
    }

    /** Clamps every gradient element to {@code [−clip, clip]}; parameters without a gradient are skipped. */
    public static void clipGradValue(List<Tensor> params, double clip) {
        checkNotNull(params, "clipGradValue: params");
        Hyperparameters.positive("clipGradValue", "clip", clip);
        for (Tensor p : params) {
            checkNotNull(p, "clipGradValue: null parameter");
            if (p.gradForUpdate() != null) {
                if (Updates.maxAbs(p.gradForUpdate().storage()) > clip) {
                    p.gradForUpdate().updateStorage(g -> Kernels.assign(g, Kernels.clamp(g, -clip, clip)));
                }
            }
        }
    }
}
