package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

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
public final class Dropout extends Module {

    private final double p;
    private Random random;

    /** Drops each unit with probability {@code p}; the mask source is seeded from {@link Init#defaultRandom()}. */
    public Dropout(double p) {
        this(p, new Random(Init.defaultRandom().nextLong()));
    }

    public Dropout(double p, long seed) {
        this(p, new Random(seed));
    }

    public Dropout(double p, Random random) {
        checkArgument(p >= 0 && p <= 1, "Dropout: p (the drop probability, 1 − keep_prob) must be in [0, 1], got %s",
                p);
        this.p = p;
        this.random = checkNotNull(random, "Dropout: random is null");
    }

    /** The seeds' spelling: keep each unit with probability {@code keepProb}. */
    public static Dropout withKeepProb(double keepProb) {
        checkArgument(keepProb >= 0 && keepProb <= 1, "Dropout: keep_prob must be in [0, 1], got %s", keepProb);
        return new Dropout(1 - keepProb);
    }

    /** Restarts the mask source from {@code seed}: the next masks are the same after every call. Returns this. */
    public Dropout seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** In training {@code x ⊙ d / keep_prob} with a fresh mask {@code d ~ Bernoulli(keep_prob)}; in eval {@code x}. */
    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        checkArgument(x.dtype().isFPType(), "Dropout: needs a floating-point input, got %s", Described.of(x));
        return x.mul(Tensor.of(mask(x.shape(), x.dtype())));
    }

    private Storage mask(long[] shape, DataType dtype) {
        double keep = 1 - p;
        double scale = keep == 0 ? 0 : 1 / keep;   // p = 1 drops everything
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] d = new double[Math.toIntExact(n)];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble() < keep ? scale : 0.0;
        }
        return Kernels.fromDoubles(dtype, d, shape);
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** The seeds' keep probability {@code 1 − p}. */
    public double keepProb() {
        return 1 - p;
    }

    @Override
    protected String extraRepr() {
        return "p=" + shortest(p) + ", keep_prob=" + shortest(1 - p);
    }

    /** {@code 1 − 0.9} prints as 0.1, not 0.09999999999999998. */
    private static String shortest(double value) {
        return java.math.BigDecimal.valueOf(value).round(new java.math.MathContext(10)).stripTrailingZeros()
                .toPlainString();
    }
}
