package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.DefaultGenerator;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Weight initialisation, in place (through {@link Tensor#updateData}), each returning the tensor.
 * Every random scheme takes an explicit {@link Random}, so a seed fixes the weights.
 *
 * <p>Fans follow PyTorch's layout of a weight {@code [out, in, k…]}: {@code fan_in = in·k…},
 * {@code fan_out = out·k…} (the seeds' {@code n^[l-1]} and {@code n^[l]}).
 *
 * <p>Why the scale matters (the seeds' vanishing/exploding gradients): a unit sums {@code fan_in}
 * products, so with weights of variance {@code v} its pre-activation has variance
 * {@code fan_in·v·Var(a)}; keeping that near {@code Var(a)} layer after layer needs
 * {@code v ≈ 1/fan_in}, doubled for ReLU, which zeroes half its inputs. And zeros (or any constant)
 * make every hidden unit of a layer compute the same function and receive the same gradient, so they
 * stay identical forever (the seeds' symmetry argument): random initialisation breaks the symmetry.
 *
 * <h2>Seeding and threads</h2>
 * Layers built without an explicit seed or {@link Random} ({@code new Linear(4, 3)}, {@code new Dropout(0.5)}),
 * and {@code Tensor.randn(dtype, shape…)}, draw from {@link #defaultRandom()}: a generator <em>per thread</em>.
 * {@link #manualSeed} re-seeds the calling thread's generator only. So:
 * <ul>
 *   <li>a thread that calls {@code manualSeed(s)} and then builds a model gets the same weights in every run,
 *       whatever other threads do at the same time: threads never share a sequence, and no thread's draws
 *       depend on how the threads interleave;
 *   <li>a thread that never calls {@code manualSeed} draws from an unseeded generator (different in every run),
 *       even if another thread has seeded its own — seed each thread that builds models;
 *   <li>a model built in one thread and used in another keeps its weights; a {@link Dropout} keeps its own
 *       mask generator (seeded from the builder thread's generator), so the masks do not depend on the thread
 *       that runs forward either, but such a layer must not run forward in two threads at once;
 *   <li>for draws that must not depend on the thread at all, pass an explicit {@link Random} or seed.
 * </ul>
 */
public final class Init {

    private Init() {}

    /**
     * The source used by layers built without an explicit seed or {@link Random}: the calling thread's
     * {@link DefaultGenerator}, unseeded unless {@link #manualSeed} is called (like {@code torch.manual_seed},
     * but per thread, so that threads building models at the same time stay reproducible).
     */
    public static Random defaultRandom() {
        return DefaultGenerator.get();
    }

    /**
     * Re-seeds the calling thread's {@link #defaultRandom()}, and no other thread's: models that this thread builds
     * afterwards without a seed are reproducible, even while other threads build theirs (see the class comment).
     */
    public static void manualSeed(long seed) {
        DefaultGenerator.manualSeed(seed);
    }

    /** All zeros (for biases; for weights it leaves the units symmetric, see the class comment). */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0.0);
    }

    /** Every element {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        checkNotNull(t, "Init.constant: tensor is null");
        t.updateStorage(s -> Kernels.assign(s, Kernels.full(t.dtype(), t.shape(), value)));
        return t;
    }

    /** Independent samples of {@code U(low, high)}. */
    public static Tensor uniform(Tensor t, double low, double high, Random random) {
        checkArgument(low < high, "Init.uniform: low %s must be below high %s", low, high);
        checkNotNull(random, "Init.uniform: random is null");
        return fill(t, () -> low + (high - low) * random.nextDouble());
    }

    /** Independent samples of {@code N(0, std²)} (the seeds' {@code np.random.randn(...) * std}). */
    public static Tensor normal(Tensor t, double std, Random random) {
        return normal(t, 0.0, std, random);
    }

    /** Independent samples of {@code N(mean, std²)}. */
    public static Tensor normal(Tensor t, double mean, double std, Random random) {
        checkArgument(std >= 0, "Init.normal: std %s must be >= 0", std);
        checkNotNull(random, "Init.normal: random is null");
        return fill(t, () -> mean + std * random.nextGaussian());
    }

    /**
     * Glorot/Xavier, uniform: {@code U(−a, a)} with {@code a = √(6/(fan_in + fan_out))}, so
     * {@code Var W = 2/(fan_in + fan_out)}: the seeds' choice for tanh layers, balancing the variance of
     * the forward activations and of the backward gradients.
     */
    public static Tensor xavierUniform(Tensor t, Random random) {
        double bound = Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniform(t, -bound, bound, random);
    }

    /** Glorot/Xavier, normal: {@code N(0, 2/(fan_in + fan_out))}, the seeds' {@code √(2/(n^[l-1] + n^[l]))} (tanh). */
    public static Tensor xavierNormal(Tensor t, Random random) {
        return normal(t, Math.sqrt(2.0 / (fanIn(t) + fanOut(t))), random);
    }

    /**
     * He/Kaiming, normal: {@code N(0, 2/fan_in)}, the seeds' {@code np.random.randn(...) · √(2/n^[l-1])} for
     * ReLU layers (ReLU zeroes half its inputs, so the variance is doubled to keep activations' scale).
     */
    public static Tensor heNormal(Tensor t, Random random) {
        return normal(t, Math.sqrt(2.0 / fanIn(t)), random);
    }

    /** He/Kaiming, uniform: {@code U(−a, a)} with {@code a = √(6/fan_in)}, so {@code Var W = 2/fan_in} (ReLU). */
    public static Tensor heUniform(Tensor t, Random random) {
        double bound = Math.sqrt(6.0 / fanIn(t));
        return uniform(t, -bound, bound, random);
    }

    /** Inputs per unit of a weight {@code [out, in, k…]}: {@code in·k…}. */
    public static long fanIn(Tensor weight) {
        long k = receptiveField(weight);
        return weight.size(1) * k;
    }

    /** Units fed by each input of a weight {@code [out, in, k…]}: {@code out·k…}. */
    public static long fanOut(Tensor weight) {
        long k = receptiveField(weight);
        return weight.size(0) * k;
    }

    private static long receptiveField(Tensor weight) {
        checkArgument(weight.rank() >= 2,
                "Init: fan in/out need a weight of rank >= 2 ([out, in, ...]), got %s (initialise biases with "
                        + "zeros, constant, uniform or normal)", weight.describe());
        long k = 1;
        for (int i = 2; i < weight.rank(); i++) {
            k *= weight.size(i);
        }
        checkArgument(k > 0 && weight.size(0) > 0 && weight.size(1) > 0, "Init: empty weight %s",
                Arrays.toString(weight.shape()));
        return k;
    }

    private static Tensor fill(Tensor t, DoubleSupplier sample) {
        checkNotNull(t, "Init: tensor is null");
        checkArgument(t.dtype().isFPType(), "Init: needs a floating-point tensor, got %s", t.describe());
        double[] values = new double[Math.toIntExact(t.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = sample.getAsDouble();
        }
        Storage drawn = Kernels.fromDoubles(t.dtype(), values, t.shape());
        t.updateStorage(s -> Kernels.assign(s, drawn));
        return t;
    }
}
