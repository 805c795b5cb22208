package dev.ndgrad.optim;

import dev.ndgrad.autograd.Tensor;
import java.util.Collection;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): the weights shrink by {@code α·λ·W}
 * directly, outside the adaptive step, instead of adding {@code λ·W} to the gradient.
 *
 * <pre>
 * W = W − α·λ·W
 * then Adam's step on dW alone: W = W − α·v̂ / (√ŝ + ε)
 * </pre>
 *
 * <p>Why it differs: in {@link Adam} the L2 gradient λ·W is divided by √ŝ like the rest, so
 * weights with large gradients are barely regularized; here every weight decays at the same
 * relative rate α·λ. PyTorch's default λ is 0.01.
 */
public final class AdamW extends Adam {

    /** β₁ = 0.9, β₂ = 0.999, ε = 1e-8, decoupled weight decay λ. */
    public AdamW(List<Tensor> params, double lr, double weightDecay) {
        this(params, Config.of(lr).withWeightDecay(weightDecay));
    }

    public AdamW(List<Tensor> params, Config config) {
        this(singleGroup(params), config);
    }

    public AdamW(Collection<ParamGroup> groups, Config config) {
        super("AdamW", groups, config, true);
    }
}
