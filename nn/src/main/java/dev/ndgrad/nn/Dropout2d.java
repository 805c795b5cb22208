package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import java.util.Random;

/**
 * Channel dropout (PyTorch's {@code Dropout2d(p=0.5)}; Tompson et al., 2015): in training each channel of
 * {@code x [N, C, H, W]} is dropped whole with probability {@code p}, and the kept ones scaled by
 * {@code 1/keep_prob}: {@code y[n, c] = x[n, c]·d[n, c]/keep_prob} with {@code d[n, c] ~ Bernoulli(keep_prob)}.
 * Neighbouring pixels of a feature map are strongly correlated, so dropping single pixels (as {@link Dropout}
 * does) hardly regularises a convolution; dropping maps does. In {@link #eval()} mode the identity. An unbatched
 * {@code [C, H, W]} drops channels the same way. The mask source is seedable ({@link #seed(long)}).
 */
public final class Dropout2d extends DropoutLayer {

    /** PyTorch's default, p = 0.5; the mask source seeded from {@link Init#defaultRandom()}. */
    public Dropout2d() {
        this(0.5);
    }

    public Dropout2d(double p) {
        this(p, new Random(Init.defaultRandom().nextLong()));
    }

    public Dropout2d(double p, Random random) {
        super("Dropout2d", p, random);
    }

    /** Restarts the mask source from {@code seed}: the next masks are the same after every call. Returns this. */
    public Dropout2d seed(long seed) {
        reseed(seed);
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkNotNull(x, "Dropout2d: input is null");
        if (!((x.rank() == 4 || x.rank() == 3) && x.dtype().isFPType())) {
            throw new IllegalArgumentException(lenientFormat(
                    "Dropout2d: input %s must be a floating [N, C, H, W] (or unbatched [C, H, W])", Described.of(x)));
        }
        if (!drops()) {
            return x;
        }
        long[] perChannel = x.shape();
        perChannel[perChannel.length - 1] = 1;
        perChannel[perChannel.length - 2] = 1;
        return x.mul(mask(perChannel, x.dtype()));
    }
}
