package dev.ndgrad.examples.initialization;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Init;
import java.util.Random;

/**
 * The weight initialisations compared (biases always start at zero). The variance of a weight decides the
 * scale of each layer's pre-activations, {@code Var z = fan_in · Var W · E[a²]}, and so whether signals grow or
 * shrink through depth (the seeds' "vanishing / exploding gradients").
 */
public enum InitScheme {
    /** {@code W = 0}: every hidden unit computes the same function and gets the same gradient, forever. */
    ZEROS("zeros") {
        @Override
        Tensor apply(Tensor weight, Random random) {
            return Init.zeros(weight);
        }
    },
    /** {@code W ~ N(0, 1)·10}, the seeds' "too large" case: activations explode layer after layer. */
    LARGE("N(0,1)·10 (too large)") {
        @Override
        Tensor apply(Tensor weight, Random random) {
            return Init.normal(weight, LARGE_STD, random);
        }
    },
    /** Xavier/Glorot {@code N(0, 2/(fan_in + fan_out))}: variance-preserving for tanh. */
    XAVIER("Xavier") {
        @Override
        Tensor apply(Tensor weight, Random random) {
            return Init.xavierNormal(weight, random);
        }
    },
    /** He/Kaiming {@code N(0, 2/fan_in)}: variance-preserving for ReLU, which zeroes half of its inputs. */
    HE("He") {
        @Override
        Tensor apply(Tensor weight, Random random) {
            return Init.heNormal(weight, random);
        }
    };

    /** The standard deviation of {@link #LARGE}: the seeds' {@code np.random.randn(...) * 10}. */
    public static final double LARGE_STD = 10;

    private final String label;

    InitScheme(String label) {
        this.label = label;
    }

    /** Fills {@code weight [out, in]} in place and returns it. */
    abstract Tensor apply(Tensor weight, Random random);

    public String label() {
        return label;
    }
}
