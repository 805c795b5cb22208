package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.Window2d;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What {@link Conv1d} and {@link Conv2d} share (PyTorch's {@code _ConvNd}): the channel and group checks, the
 * parameters {@code weight [out, in/groups, k…]} and {@code bias [out]} with PyTorch's default initialisation, and
 * the product itself. A convolution of {@code x [N, C, H, W]} is one batched matrix product over the unfolded
 * windows ({@link Tensor#unfold}): {@code y[n] = W·unfold(x)[n] + b}, {@code W} the weight as
 * {@code [out, in·kh·kw]}; with groups, each group of {@code in/groups} input channels feeds its own
 * {@code out/groups} output channels. The graph derives {@code ∂W = Σₙ g[n]·unfold(x)[n]ᵀ} and
 * {@code ∂x = fold(Wᵀ·g)}.
 */
abstract class ConvolutionLayer extends Module {

    final long in;
    final long out;
    final long groups;
    final Window2d window;
    final Parameter weight;
    final Parameter bias;

    /**
     * {@code weightShape} is {@code [out, in/groups, k…]}; weight and bias are drawn from {@code U(−b, b)} with
     * {@code b = 1/√fan_in}, {@code fan_in = in/groups · Πk} (PyTorch's {@code kaiming_uniform_(a=√5)} and its bias
     * rule).
     */
    ConvolutionLayer(String layer, long in, long out, Window2d window, long groups, boolean bias, long[] weightShape,
            DataType dtype, Random random) {
        checkArgument(in > 0 && out > 0, "%s: in and out channels must be positive, got in=%s, out=%s", layer, in,
                out);
        checkArgument(groups > 0 && in % groups == 0 && out % groups == 0,
                "%s: groups %s must be positive and divide both in=%s and out=%s", layer, groups, in, out);
        checkNotNull(window, "%s: window is null", layer);
        checkArgument(dtype != null && dtype.isFPType(), "%s: needs a floating dtype, got %s", layer, dtype);
        checkNotNull(random, "%s: random is null", layer);
        this.in = in;
        this.out = out;
        this.groups = groups;
        this.window = window;
        long fanIn = in / groups * window.kernelSize();
        double bound = 1 / Math.sqrt(fanIn);
        this.weight = param("weight", Init.uniform(Tensor.zeros(dtype, weightShape), -bound, bound, random));
        this.bias = bias ? param("bias", Init.uniform(Tensor.zeros(dtype, out), -bound, bound, random)) : null;
    }

    /**
     * The windows of PyTorch's integer arguments, each checked with a message naming the layer and the argument
     * (kernel, stride and dilation positive, padding not negative).
     */
    static Window2d window(String layer, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
            int dilationH, int dilationW) {
        checkArgument(kernelH > 0 && kernelW > 0, "%s: kernel_size must be positive, got %s", layer,
                kernelH == kernelW ? kernelW : kernelH + "x" + kernelW);
        checkArgument(strideH > 0 && strideW > 0, "%s: stride must be positive, got %s", layer,
                strideH == strideW ? strideW : strideH + "x" + strideW);
        checkArgument(padH >= 0 && padW >= 0, "%s: padding must not be negative, got %s", layer,
                padH == padW ? padW : padH + "x" + padW);
        checkArgument(dilationH > 0 && dilationW > 0, "%s: dilation must be positive, got %s", layer,
                dilationH == dilationW ? dilationW : dilationH + "x" + dilationW);
        return new Window2d(kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW);
    }

    /** {@code x [N, in, H, W] → [N, out, H', W']} with {@code kernel} the weight as {@code [out, in/groups, kh, kw]}. */
    final Tensor convolve(Tensor x, Tensor kernel) {
        long n = x.size(0);
        long oh = window.outputHeight(x.size(2));
        long ow = window.outputWidth(x.size(3));
        Tensor cols = x.unfold(window);                                  // [N, in·K, L]
        long perGroup = in / groups * window.kernelSize();
        Tensor y;
        if (groups == 1) {
            y = kernel.reshape(out, perGroup).matmul(cols);              // [N, out, L]
        } else {
            Tensor grouped = cols.reshape(n, groups, perGroup, oh * ow);
            y = kernel.reshape(groups, out / groups, perGroup).matmul(grouped).reshape(n, out, oh * ow);
        }
        y = y.reshape(n, out, oh, ow);
        return bias == null ? y : y.add(bias.get().reshape(out, 1, 1));
    }

    /** A floating input of the layer's dtype, of rank {@code rank} or one less (unbatched), with {@code in} channels. */
    final void checkInput(String layer, Tensor x, int rank, String layout) {
        checkNotNull(x, "%s: input is null", layer);
        boolean ranked = x.rank() == rank || x.rank() == rank - 1;
        if (!(ranked && x.size(x.rank() == rank ? 1 : 0) == in)) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: input %s must be %s (or unbatched, without N) with %s channels",
                    layer, Described.of(x), layout,
                    in));
        }
        if (x.dtype() != weight.get().dtype()) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: input %s has dtype %s, the layer %s (convert the input, or the model with to(DataType.%s))",
                    layer,
                    Described.of(x), x.dtype(), weight.get().dtype(), x.dtype()));
        }
    }

    /** That a window fits an input {@code x} whose image (or sequence, as height 1) is {@code height × width}. */
    final void checkFits(Tensor x, long height, long width) {
        if (!(window.outputHeight(height) >= 1 && window.outputWidth(width) >= 1)) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: input %s is too small for %s: no window fits its %sx%s", className(), Described.of(x), window,
                    height, width));
        }
    }

    /** The weight {@code [out, in/groups, k…]}. */
    public Tensor weight() {
        return weight.get();
    }

    /** The bias {@code [out]}, or {@code null} for a layer built without one. */
    public Tensor bias() {
        return bias == null ? null : bias.get();
    }

    public long inChannels() {
        return in;
    }

    public long outChannels() {
        return out;
    }

    public long groups() {
        return groups;
    }
}
