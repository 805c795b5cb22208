package dev.ndgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.Updates;
import java.util.Collection;
import java.util.List;

/**
 * Stochastic gradient descent, plain, with momentum, or with Nesterov momentum; weight decay λ adds
 * {@code λ·W} to each gradient (L2 regularization).
 *
 * <pre>
 * plain:     W = W − α·dW
 * momentum:  v = β·v + dW;            W = W − α·v      ({@link MomentumStyle#ACCUMULATED}, the default)
 *            v = β·v + (1 − β)·dW;    W = W − α·v      ({@link MomentumStyle#AVERAGED}, the seeds' form)
 * Nesterov:  W = W − α·(c·dW + β·v)   with v already updated and c = 1 or 1 − β
 * </pre>
 *
 * <p>Momentum's velocity is an exponentially weighted average of the gradients (see
 * {@link ExponentialMovingAverage}); it starts at v = 0 and is not bias-corrected (after about
 * 1/(1 − β) steps the bias is gone, as the seeds note). It damps the oscillation across a narrow
 * valley, where the gradients alternate in sign and average out, and keeps the motion along it.
 *
 * <p>On the CPU backend the plain step of a large weight (65,536 elements or more) is OpenBLAS's {@code axpy} in
 * native memory: the weight moves there at its first step, and the products of later forward and backward passes
 * read it, and write its gradient, there without copying them to and from JVM arrays.
 */
public final class SGD extends Optimizer {

    /**
     * SGD's hyperparameters: default learning rate α and weight decay λ (for groups that set none),
     * momentum β (0: none), its {@link MomentumStyle}, and whether it is Nesterov's.
     */
    public record Config(double lr, double momentum, MomentumStyle style, boolean nesterov, double weightDecay) {
        public Config {
            Hyperparameters.learningRate("SGD", lr);
            Hyperparameters.beta("SGD", "momentum", momentum);
            checkNotNull(style, "SGD: momentum style");
            checkArgument(!nesterov || momentum > 0, "SGD: Nesterov momentum needs a momentum > 0, got %s", momentum);
            Hyperparameters.weightDecay("SGD", weightDecay);
        }

        /** Plain gradient descent at rate α. */
        public static Config of(double lr) {
            return new Config(lr, 0, MomentumStyle.ACCUMULATED, false, 0);
        }

        public Config withMomentum(double beta) {
            return new Config(lr, beta, style, nesterov, weightDecay);
        }

        public Config withStyle(MomentumStyle style) {
            return new Config(lr, momentum, style, nesterov, weightDecay);
        }

        public Config withNesterov(boolean nesterov) {
            return new Config(lr, momentum, style, nesterov, weightDecay);
        }

        public Config withWeightDecay(double weightDecay) {
            return new Config(lr, momentum, style, nesterov, weightDecay);
        }
    }

    private final Config config;

    /** Plain gradient descent: {@code W = W − α·dW}. */
    public SGD(List<Tensor> params, double lr) {
        this(params, Config.of(lr));
    }

    public SGD(List<Tensor> params, Config config) {
        this(singleGroup(params), config);
    }

    /** Plain gradient descent over groups; a group without its own rate takes α. */
    public SGD(Collection<ParamGroup> groups, double lr) {
        this(groups, Config.of(lr));
    }

    /** One group per entry, each with its own rate and decay or the config's. */
    public SGD(Collection<ParamGroup> groups, Config config) {
        super("SGD", groups, config.lr(), config.weightDecay(),
                config.momentum() == 0 ? List.of() : List.of("momentum_buffer"));
        this.config = config;
    }

    /** Momentum in PyTorch's form: {@code v = β·v + dW; W = W − α·v}. */
    public static SGD withMomentum(List<Tensor> params, double lr, double beta) {
        return new SGD(params, Config.of(lr).withMomentum(beta));
    }

    /** Nesterov momentum in PyTorch's form: {@code v = β·v + dW; W = W − α·(dW + β·v)}. */
    public static SGD nesterov(List<Tensor> params, double lr, double beta) {
        return new SGD(params, Config.of(lr).withMomentum(beta).withNesterov(true));
    }

    /** Momentum in the seeds' form: {@code v_dW = β·v_dW + (1 − β)·dW; W = W − α·v_dW}. */
    public static SGD withAveragedMomentum(List<Tensor> params, double lr, double beta) {
        return new SGD(params, Config.of(lr).withMomentum(beta).withStyle(MomentumStyle.AVERAGED));
    }

    public Config config() {
        return config;
    }

    @Override
    protected void update(ParamGroup group, Storage param, Storage grad, ParamState state) {
        Updates.sgd(param, grad, config.momentum() == 0 ? null : state.buffer(0), new Updates.Sgd(group.lr(),
                group.weightDecay(), config.momentum(), config.style().gradientWeight(config.momentum()),
                config.nesterov()));
    }
}
