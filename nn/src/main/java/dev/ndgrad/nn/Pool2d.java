package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.Window2d;

/**
 * What {@link MaxPool2d} and {@link AvgPool2d} share: their windows (the stride defaults to the kernel size, as
 * PyTorch's), PyTorch's limit on padding (at most half the kernel, so that every window reaches into the image),
 * and inputs {@code [N, C, H, W]} or unbatched {@code [C, H, W]}.
 */
abstract class Pool2d extends Module {

    final Window2d window;

    Pool2d(String layer, int kernel, int stride, int padding, int dilation) {
        this.window = ConvolutionLayer.window(layer, kernel, kernel, stride, stride, padding, padding, dilation,
                dilation);
        checkArgument(padding <= kernel / 2, "%s: padding %s must be at most half the kernel size %s", layer, padding,
                kernel);
    }

    /** The pooling of one batch {@code [N, C, H, W]} (windows checked to fit). */
    abstract Tensor pool(Tensor x);

    /** {@code [N, C, H, W] → [N, C, H', W']}; an unbatched {@code [C, H, W]} gives {@code [C, H', W']}. */
    @Override
    public final Tensor forward(Tensor x) {
        String layer = className();
        checkNotNull(x, "%s: input is null", layer);
        if (!((x.rank() == 4 || x.rank() == 3) && x.dtype().isFPType())) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: input %s must be a floating [N, C, H, W] (or unbatched [C, H, W])", layer, Described.of(x)));
        }
        boolean unbatched = x.rank() == 3;
        Tensor batch = unbatched ? x.unsqueeze(0) : x;
        long h = batch.size(2);
        long w = batch.size(3);
        if (!(window.outputHeight(h) >= 1 && window.outputWidth(w) >= 1)) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: input %s is too small for %s: no window fits its %sx%s",
                    layer, Described.of(x), window, h, w));
        }
        if (!window.everyWindowReaches(h, w)) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: with %s a window over the %sx%s of input %s lies wholly on the padding", layer, window, h, w,
                    Described.of(x)));
        }
        Tensor y = pool(batch);
        return unbatched ? y.squeeze(0) : y;
    }

    /** The windows (kernel, stride, padding, dilation). */
    public Window2d window() {
        return window;
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + window.kernelHeight() + ", stride=" + window.strideHeight() + ", padding="
                + window.paddingHeight();
    }
}
