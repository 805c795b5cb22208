package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Shapes;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What {@link Dropout} and {@link Dropout2d} share: the drop probability {@code p} (PyTorch's convention; the
 * seeds' {@code keep_prob = 1 − p}), the seedable source of the masks, and the inverted mask itself, each entry
 * {@code 1/keep_prob} with probability {@code keep_prob} and 0 otherwise.
 */
abstract class DropoutLayer extends Module {

    private final double p;
    private Random random;

    DropoutLayer(String layer, double p, Random random) {
        checkArgument(p >= 0 && p <= 1, "%s: p (the drop probability, 1 − keep_prob) must be in [0, 1], got %s", layer,
                p);
        this.p = p;
        this.random = checkNotNull(random, "%s: random is null", layer);
    }

    /** Restarts the mask source from {@code seed}: the next masks are the same after every call. */
    final void reseed(long seed) {
        this.random = new Random(seed);
    }

    /** Whether forward changes anything: in training, with p &gt; 0. */
    final boolean drops() {
        return isTraining() && p > 0;
    }

    /** A fresh inverted mask of {@code shape}: {@code 1/keep_prob} with probability {@code keep_prob}, else 0. A constant. */
    final Tensor mask(long[] shape, DataType dtype) {
        double keep = 1 - p;
        double scale = keep == 0 ? 0 : 1 / keep;   // p = 1 drops everything
        double[] d = new double[Math.toIntExact(Shapes.length(shape))];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble() < keep ? scale : 0.0;
        }
        return Tensor.of(Kernels.fromDoubles(dtype, d, shape));
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
