package dev.ndgrad.optim;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.Updates;
import java.util.Collection;
import java.util.List;

/**
 * Adam (adaptive moment estimation): momentum and RMSprop together, both bias-corrected.
 *
 * <pre>
 * v_dW = β₁·v_dW + (1 − β₁)·dW          v̂ = v_dW / (1 − β₁ᵗ)
 * s_dW = β₂·s_dW + (1 − β₂)·dW²         ŝ = s_dW / (1 − β₂ᵗ)
 * W    = W − α·v̂ / (√ŝ + ε)
 * </pre>
 *
 * <p>v and s are exponentially weighted averages (see {@link ExponentialMovingAverage}) of the
 * gradients and of their squares, starting at 0; t counts this parameter's updates from 1, so the
 * corrections undo the pull toward 0 in the first steps (at t = 1, v̂ = dW and ŝ = dW², and every
 * element moves by about α). The usual choices, and the defaults: β₁ = 0.9, β₂ = 0.999,
 * ε = 1e-8; α needs tuning.
 *
 * <p>Weight decay λ here is L2 regularization, {@code λ·W} added to dW before the moments (as in
 * PyTorch's Adam); {@link AdamW} decouples it instead.
 */
public class Adam extends Optimizer {

    /** Adam's hyperparameters: default α and λ (for groups that set none), β₁, β₂ and ε. */
    public record Config(double lr, double beta1, double beta2, double eps, double weightDecay) {
        public Config {
            Hyperparameters.learningRate("Adam", lr);
            Hyperparameters.beta("Adam", "beta1", beta1);
            Hyperparameters.beta("Adam", "beta2", beta2);
            Hyperparameters.eps("Adam", eps);
            Hyperparameters.weightDecay("Adam", weightDecay);
        }

        /** β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay. */
        public static Config of(double lr) {
            return new Config(lr, 0.9, 0.999, 1e-8, 0);
        }

        public Config withBetas(double beta1, double beta2) {
            return new Config(lr, beta1, beta2, eps, weightDecay);
        }

        public Config withEps(double eps) {
            return new Config(lr, beta1, beta2, eps, weightDecay);
        }

        public Config withWeightDecay(double weightDecay) {
            return new Config(lr, beta1, beta2, eps, weightDecay);
        }
    }

    private final Config config;
    private final boolean decoupled;

    /** β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    public Adam(List<Tensor> params, double lr) {
        this(params, Config.of(lr));
    }

    public Adam(List<Tensor> params, Config config) {
        this(singleGroup(params), config);
    }

    public Adam(Collection<ParamGroup> groups, Config config) {
        this("Adam", groups, config, false);
    }

    /** For {@link AdamW}: the same moments with the weight decay {@code decoupled} from the gradient. */
    Adam(String name, Collection<ParamGroup> groups, Config config, boolean decoupled) {
        super(name, groups, config.lr(), config.weightDecay(), List.of("exp_avg", "exp_avg_sq"));
        this.config = config;
        this.decoupled = decoupled;
    }

    public Config config() {
        return config;
    }

    @Override
    protected final void update(ParamGroup group, Storage param, Storage grad, ParamState state) {
        Updates.adam(param, grad, state.buffer(0), state.buffer(1), new Updates.Adam(group.lr(), config.beta1(),
                config.beta2(), config.eps(), group.weightDecay(), decoupled, state.step()));
    }
}
