package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1-D convolution (PyTorch's {@code Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * dilation=1, groups=1, bias=True)}, zero padding), over {@code x [N, C_in, L]} (or an unbatched {@code [C_in, L]}):
 * <pre>y[n, o, i] = b[o] + Σ_{c, k} W[o, c, k] · x[n, g·C_in/G + c, i·s − p + k·d]</pre>
 * so {@code y [N, C_out, L']} with {@code L' = ⌊(L + 2p − d(k − 1) − 1)/s⌋ + 1}. Computed as a 2-D convolution of
 * height 1. {@code weight [C_out, C_in/groups, k]} and {@code bias [C_out]}, as PyTorch's state dict, initialised
 * as PyTorch does ({@code U(−1/√fan_in, 1/√fan_in)}, {@code fan_in = C_in/groups·k}).
 */
public final class Conv1d extends ConvolutionLayer {

    /** A convolution of width {@code kernel}, stride 1, no padding, with a bias. */
    public Conv1d(long in, long out, int kernel) {
        this(in, out, kernel, 1, 0);
    }

    public Conv1d(long in, long out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, 1, 1);
    }

    /** PyTorch's positional order: kernel, stride, padding, dilation, groups. */
    public Conv1d(long in, long out, int kernel, int stride, int padding, int dilation, int groups) {
        this(in, out, kernel, stride, padding, dilation, groups, true, Nd4j.defaultFloatingPointType(),
                Init.defaultRandom());
    }

    public Conv1d(long in, long out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
            DataType dtype, Random random) {
        super("Conv1d", in, out, window("Conv1d", 1, kernel, 1, stride, 0, padding, 1, dilation), groups, bias,
                new long[] {out, groups > 0 ? in / groups : in, kernel}, dtype, random);
    }

    /** {@code x [N, C_in, L] → [N, C_out, L']}; an unbatched {@code [C_in, L]} gives {@code [C_out, L']}. */
    @Override
    public Tensor forward(Tensor x) {
        checkInput("Conv1d", x, 3, "[N, " + in + ", L]");
        checkFits(x, 1, x.size(-1));
        boolean unbatched = x.rank() == 2;
        Tensor batched = unbatched ? x.unsqueeze(0) : x;
        Tensor kernel2d = weight.get().reshape(out, in / groups, 1, window.kernelWidth());
        Tensor y = convolve(batched.unsqueeze(2), kernel2d).squeeze(2);
        return unbatched ? y.squeeze(0) : y;
    }

    @Override
    protected String extraRepr() {
        return in + ", " + out + ", kernel_size=" + window.kernelWidth() + ", stride=" + window.strideWidth() + ", padding="
                + window.paddingWidth() + ", dilation=" + window.dilationWidth()
                + (groups == 1 ? "" : ", groups=" + groups) + ", bias=" + (bias != null);
    }
}
