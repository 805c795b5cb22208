package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * 2-D max pooling (PyTorch's {@code MaxPool2d(kernel_size, stride=kernel_size, padding=0, dilation=1)}): each
 * output is the largest element of its window, {@code y[n, c, i, j] = max_{ki, kj} x[n, c, i·s − p + ki·d,
 * j·s − p + kj·d]}, the padding counting as −∞. The gradient goes to that element only: at ties to the first one
 * in the window's row-major order (PyTorch's rule; a NaN counts as the maximum), not split as {@link Tensor#max}
 * splits it. See {@link Tensor#maxPool2d}. Windows are counted as PyTorch's default ({@code ceil_mode=False});
 * {@code ceil_mode} and {@code return_indices} are not offered. No parameters.
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
        return x.maxPool2d(window);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", dilation=" + window.dilationHeight();
    }
}
