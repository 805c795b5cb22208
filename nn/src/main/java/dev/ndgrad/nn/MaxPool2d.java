package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;

/**
 * 2-D max pooling (PyTorch's {@code MaxPool2d(kernel_size, stride=kernel_size, padding=0, dilation=1)}): each
 * output is the largest element of its window, {@code y[n, c, i, j] = max_{ki, kj} x[n, c, i·s − p + ki·d,
 * j·s − p + kj·d]}, the padding counting as −∞. The gradient goes to that element only: at ties to the first one
 * in the window's row-major order (PyTorch's rule; a NaN counts as the maximum), not split as {@link Tensor#max}
 * splits it. The position is found once per forward, and the pooling is then a gather from it
 * ({@link Tensor#gather}), so the backward (a scatter) is differentiable again. No parameters.
 */
public final class MaxPool2d extends Pool2d {

    /** {@code kernel × kernel} windows, stride {@code kernel}. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    /** PyTorch's positional order: kernel, stride, padding (at most half the kernel), dilation. */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(kernel, stride, padding, 1);
    }

    public MaxPool2d(int kernel, int stride, int padding, int dilation) {
        super("MaxPool2d", kernel, stride, padding, dilation);
    }

    @Override
    Tensor pool(Tensor x) {
        long n = x.size(0);
        long c = x.size(1);
        long h = x.size(2);
        long w = x.size(3);
        Tensor at = Tensor.of(Kernels.maxPoolIndices(x.storage(), window.over(h, w)));       // [N·C, L]
        return x.reshape(n * c, h * w).gather(1, at).reshape(n, c, window.outputHeight(h), window.outputWidth(w));
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", dilation=" + window.dilationHeight();
    }
}
