package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import java.util.Random;

/**
 * Inverted dropout, the seeds' form. {@code p} is the probability of <em>dropping</em> a unit (PyTorch's
 * convention); the seeds speak of {@code keep_prob = 1 − p}. In training, per layer:
 * <pre>
 * d = np.random.rand(*a.shape) &lt; keep_prob    # the mask: keep each unit with probability keep_prob
 * a = a * d                                      # shut the dropped units off
 * a = a / keep_prob                              # "inverted": scale up so E[a] is unchanged
 * </pre>
 * so {@code y = x ⊙ d / keep_prob} and, through the graph, {@code ∂L/∂x = g ⊙ d / keep_prob}. Because the
 * expected activation is kept in training, evaluation needs no rescaling: in {@link #eval()} mode dropout
 * is the identity. {@code keep_prob = 1} (p = 0) keeps every unit.
 *
 * <p>The mask comes from a seedable {@link Random}; {@link #seed(long)} resets it, so a test (or a
 * gradient check, which must see the same mask in every evaluation of the loss) can fix the mask.
 */
public final class Dropout extends DropoutLayer {

    /** Drops each unit with probability {@code p}; the mask source is seeded from {@link Init#defaultRandom()}. */
    public Dropout(double p) {
        this(p, new Random(Init.defaultRandom().nextLong()));
    }

    public Dropout(double p, long seed) {
        this(p, new Random(seed));
    }

    public Dropout(double p, Random random) {
        super("Dropout", p, random);
    }

    /** The seeds' spelling: keep each unit with probability {@code keepProb}. */
    public static Dropout withKeepProb(double keepProb) {
        checkArgument(keepProb >= 0 && keepProb <= 1, "Dropout: keep_prob must be in [0, 1], got %s", keepProb);
        return new Dropout(1 - keepProb);
    }

    /** Restarts the mask source from {@code seed}: the next masks are the same after every call. Returns this. */
    public Dropout seed(long seed) {
        reseed(seed);
        return this;
    }

    /** In training {@code x ⊙ d / keep_prob} with a fresh mask {@code d ~ Bernoulli(keep_prob)}; in eval {@code x}. */
    @Override
    public Tensor forward(Tensor x) {
        if (!drops()) {
            return x;
        }
        if (!x.dtype().isFPType()) {
            throw new IllegalArgumentException(lenientFormat(
                    "Dropout: needs a floating-point input, got %s", Described.of(x)));
        }
        return x.mul(mask(x.shape(), x.dtype()));
    }
}
