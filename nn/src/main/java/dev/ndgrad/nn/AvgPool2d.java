package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;

/**
 * 2-D average pooling (PyTorch's {@code AvgPool2d(kernel_size, stride=kernel_size, padding=0, ceil_mode=False,
 * count_include_pad=True, divisor_override=None)}): each output is the mean of its window,
 * <pre>y[n, c, i, j] = (1/D) Σ_{ki, kj} x[n, c, i·s − p + ki, j·s − p + kj]</pre>
 * with the zero padding counted in the divisor {@code D = kh·kw} by default, or, with {@code countIncludePad} off,
 * only the elements inside the image; a {@code divisorOverride} replaces {@code D}. The windows are unfolded
 * ({@link Tensor#unfold}) and summed, so the gradient spreads {@code g/D} over each window, to any order. Windows
 * are counted as PyTorch's default ({@code ceil_mode=False}); {@code ceil_mode} is not offered. No parameters.
 */
public final class AvgPool2d extends Pool2d {

    private final boolean countIncludePad;
    private final long divisorOverride;   // 0: none

    /** {@code kernel × kernel} windows, stride {@code kernel}. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    public AvgPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    /** PyTorch's positional order: kernel, stride, padding (at most half the kernel); padding counts in the mean. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(kernel, stride, padding, true, 0);
    }

    /**
     * @param countIncludePad whether the zeros of the padding count in a window's divisor (PyTorch's default: yes)
     * @param divisorOverride the divisor of every window instead, or 0 for none (PyTorch's {@code None})
     */
    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad, long divisorOverride) {
        super("AvgPool2d", kernel, stride, padding, 1);
        checkArgument(divisorOverride >= 0, "AvgPool2d: divisorOverride must be positive (or 0 for none), got %s",
                divisorOverride);
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override
    Tensor pool(Tensor x) {
        long n = x.size(0);
        long c = x.size(1);
        long h = x.size(2);
        long w = x.size(3);
        long oh = window.outputHeight(h);
        long ow = window.outputWidth(w);
        // each channel as an image of its own: [N·C, 1, H, W] → [N·C, K, L], summed over the window
        Tensor sums = x.reshape(n * c, 1, h, w).unfold(window).sum(1, false);
        Tensor means;
        if (divisorOverride > 0) {
            means = sums.div(divisorOverride);
        } else if (countIncludePad || (window.paddingHeight() == 0 && window.paddingWidth() == 0)) {
            means = sums.div(window.kernelSize());
        } else {
            Tensor inside = Tensor.ones(x.dtype(), 1, 1, h, w).unfold(window).sum(1, false);     // [1, L]
            means = sums.div(inside);
        }
        return means.reshape(n, c, oh, ow);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (countIncludePad ? "" : ", count_include_pad=false")
                + (divisorOverride > 0 ? ", divisor_override=" + divisorOverride : "");
    }
}
