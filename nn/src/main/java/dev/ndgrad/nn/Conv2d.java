package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.Window2d;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2-D convolution (PyTorch's {@code Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * dilation=1, groups=1, bias=True)}, zero padding), over {@code x [N, C_in, H, W]} (or an unbatched
 * {@code [C_in, H, W]}):
 * <pre>
 * y[n, o, i, j] = b[o] + Σ_{c, ki, kj} W[o, c, ki, kj] · x[n, g·C_in/G + c, i·s − p + ki·d, j·s − p + kj·d]
 * </pre>
 * ({@code g} the group of output channel {@code o}; outside the image x is 0), so {@code y [N, C_out, H', W']} with
 * {@code H' = ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1}. Computed as one batched matrix product over the unfolded windows
 * (see {@link ConvolutionLayer}). {@code weight [C_out, C_in/groups, kh, kw]} and {@code bias [C_out]}, as
 * PyTorch's state dict; initialised as PyTorch does, {@code U(−1/√fan_in, 1/√fan_in)} with
 * {@code fan_in = C_in/groups·kh·kw}.
 */
public final class Conv2d extends ConvolutionLayer {

    /** A {@code kernel × kernel} convolution, stride 1, no padding, with a bias. */
    public Conv2d(long in, long out, int kernel) {
        this(in, out, kernel, 1, 0);
    }

    public Conv2d(long in, long out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, 1, 1);
    }

    /** PyTorch's positional order: kernel, stride, padding, dilation, groups. */
    public Conv2d(long in, long out, int kernel, int stride, int padding, int dilation, int groups) {
        this(in, out, kernel, stride, padding, dilation, groups, true);
    }

    public Conv2d(long in, long out, int kernel, int stride, int padding, int dilation, int groups, boolean bias) {
        this(in, out, window("Conv2d", kernel, kernel, stride, stride, padding, padding, dilation, dilation), groups,
                bias, Nd4j.defaultFloatingPointType(), Init.defaultRandom());
    }

    /** Any window (rectangular kernels, per-axis stride, padding and dilation), dtype and source of the initial weights. */
    public Conv2d(long in, long out, Window2d window, int groups, boolean bias, DataType dtype, Random random) {
        super("Conv2d", in, out, window, groups, bias, weightShape(in, out, window, groups), dtype, random);
    }

    private static long[] weightShape(long in, long out, Window2d window, int groups) {
        checkArgument(window != null, "Conv2d: window is null");
        return new long[] {out, groups > 0 ? in / groups : in, window.kernelHeight(), window.kernelWidth()};
    }

    /** {@code x [N, C_in, H, W] → [N, C_out, H', W']}; an unbatched {@code [C_in, H, W]} gives {@code [C_out, H', W']}. */
    @Override
    public Tensor forward(Tensor x) {
        checkInput("Conv2d", x, 4, "[N, " + in + ", H, W]");
        checkFits(x, x.size(-2), x.size(-1));
        boolean unbatched = x.rank() == 3;
        Tensor y = convolve(unbatched ? x.unsqueeze(0) : x, weight.get());
        return unbatched ? y.squeeze(0) : y;
    }

    /** The sliding windows (kernel, stride, padding, dilation). */
    public Window2d window() {
        return window;
    }

    @Override
    protected String extraRepr() {
        return in + ", " + out + ", " + window + (groups == 1 ? "" : ", groups=" + groups) + ", bias=" + (bias != null);
    }
}
