package dev.ndgrad.optim;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.Updates;
import java.util.Collection;
import java.util.List;

/**
 * RMSprop (root mean square prop): each parameter's step is divided by the root of a running
 * average of its squared gradients.
 *
 * <pre>
 * s_dW = β·s_dW + (1 − β)·dW²
 * W    = W − α·dW / (√s_dW + ε)
 * </pre>
 *
 * <p>s is an exponentially weighted average (see {@link ExponentialMovingAverage}) of dW², starting
 * at 0, not bias-corrected (as in PyTorch). Along a steep, oscillating direction s is large and the
 * step shrinks; along a shallow one s is small and the step grows — the seeds' picture of slowing
 * the vertical motion and keeping the horizontal one. ε keeps the division finite. β is PyTorch's
 * {@code alpha} and Keras's {@code rho}. Weight decay λ adds {@code λ·W} to dW.
 */
public final class RMSprop extends Optimizer {

    /** RMSprop's hyperparameters: default α and λ (for groups that set none), β of s, and ε. */
    public record Config(double lr, double beta, double eps, double weightDecay) {
        public Config {
            Hyperparameters.learningRate("RMSprop", lr);
            Hyperparameters.beta("RMSprop", "beta", beta);
            Hyperparameters.eps("RMSprop", eps);
            Hyperparameters.weightDecay("RMSprop", weightDecay);
        }

        /** β = 0.99, ε = 1e-8, no weight decay (PyTorch's defaults). */
        public static Config of(double lr) {
            return new Config(lr, 0.99, 1e-8, 0);
        }

        public Config withBeta(double beta) {
            return new Config(lr, beta, eps, weightDecay);
        }

        public Config withEps(double eps) {
            return new Config(lr, beta, eps, weightDecay);
        }

        public Config withWeightDecay(double weightDecay) {
            return new Config(lr, beta, eps, weightDecay);
        }
    }

    private final Config config;

    /** β = 0.99, ε = 1e-8. */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, Config.of(lr));
    }

    public RMSprop(List<Tensor> params, Config config) {
        this(singleGroup(params), config);
    }

    public RMSprop(Collection<ParamGroup> groups, Config config) {
        super("RMSprop", groups, config.lr(), config.weightDecay(), List.of("square_avg"));
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    protected void update(ParamGroup group, Storage param, Storage grad, ParamState state) {
        Updates.rmsprop(param, grad, state.buffer(0),
                new Updates.Rmsprop(group.lr(), config.beta(), config.eps(), group.weightDecay()));
    }
}
