package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.kernel.Patches;

/**
 * The sliding windows of a 2-D convolution or pooling, per axis (height, width): kernel size, stride, zero
 * padding and dilation, as PyTorch's {@code kernel_size}, {@code stride}, {@code padding} and {@code dilation}.
 * Over an image of height {@code H} the windows start at rows {@code oy·stride − padding} and read every
 * {@code dilation}-th row, and there are
 * <pre>⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1</pre>
 * of them (and likewise across). Immutable; build with {@link #of(int)} and the {@code with…} methods:
 *
 * <pre>{@code
 * Window2d w = Window2d.of(3).withStride(2).withPadding(1);      // 3×3, stride 2, padding 1, dilation 1
 * Tensor cols = images.unfold(w);                                 // [N, C, H, W] → [N, C·9, L]
 * }</pre>
 */
public record Window2d(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int paddingHeight,
        int paddingWidth, int dilationHeight, int dilationWidth) {

    /**
     * @throws IllegalArgumentException unless kernel sizes, strides and dilations are positive and paddings not
     *     negative
     */
    public Window2d {
        checkArgument(kernelHeight > 0 && kernelWidth > 0, "Window2d: kernel size must be positive, got %sx%s",
                kernelHeight, kernelWidth);
        checkArgument(strideHeight > 0 && strideWidth > 0, "Window2d: stride must be positive, got (%s, %s)",
                strideHeight, strideWidth);
        checkArgument(paddingHeight >= 0 && paddingWidth >= 0, "Window2d: padding must not be negative, got (%s, %s)",
                paddingHeight, paddingWidth);
        checkArgument(dilationHeight > 0 && dilationWidth > 0, "Window2d: dilation must be positive, got (%s, %s)",
                dilationHeight, dilationWidth);
    }

    /** A {@code kernel × kernel} window, stride 1, no padding, no dilation. */
    public static Window2d of(int kernel) {
        return of(kernel, kernel);
    }

    /** A {@code kernelHeight × kernelWidth} window, stride 1, no padding, no dilation. */
    public static Window2d of(int kernelHeight, int kernelWidth) {
        return new Window2d(kernelHeight, kernelWidth, 1, 1, 0, 0, 1, 1);
    }

    public Window2d withStride(int stride) {
        return withStride(stride, stride);
    }

    public Window2d withStride(int height, int width) {
        return new Window2d(kernelHeight, kernelWidth, height, width, paddingHeight, paddingWidth, dilationHeight,
                dilationWidth);
    }

    public Window2d withPadding(int padding) {
        return withPadding(padding, padding);
    }

    public Window2d withPadding(int height, int width) {
        return new Window2d(kernelHeight, kernelWidth, strideHeight, strideWidth, height, width, dilationHeight,
                dilationWidth);
    }

    public Window2d withDilation(int dilation) {
        return withDilation(dilation, dilation);
    }

    public Window2d withDilation(int height, int width) {
        return new Window2d(kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, height,
                width);
    }

    /** {@code kernelHeight·kernelWidth}: the elements of one window. */
    public int kernelSize() {
        return kernelHeight * kernelWidth;
    }

    /** Windows down an image of {@code height} rows (≤ 0 when the dilated kernel does not fit the padded image). */
    public long outputHeight(long height) {
        return over(height, 1).outH();
    }

    /** Windows across an image of {@code width} columns (≤ 0 when none fits). */
    public long outputWidth(long width) {
        return over(1, width).outW();
    }

    /**
     * Whether over an image of {@code height × width} every window has at least one element inside the image (with
     * dilation and padding, one can lie wholly on the padding).
     */
    public boolean everyWindowReaches(long height, long width) {
        return over(height, width).everyWindowReachesTheImage();
    }

    /** The windows over an image of {@code height × width}, for the kernels. */
    Patches over(long height, long width) {
        return new Patches(height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight,
                paddingWidth, dilationHeight, dilationWidth);
    }

    /** PyTorch's argument style, e.g. {@code kernel=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(1, 1)}. */
    @Override
    public String toString() {
        return String.format("kernel=(%d, %d), stride=(%d, %d), padding=(%d, %d), dilation=(%d, %d)", kernelHeight,
                kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth);
    }
}
