package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * {@code logSoftmax(x)_i = x_i − ln Σ_j e^{x_j}} along an axis, computed stably; pair it with {@link
 * Losses#nll} (together they are {@link Losses#crossEntropy}).
 */
public final class LogSoftmax extends Module {

    private final int axis;

    /** Along the last axis (the classes of a {@code [batch, classes]} input). */
    public LogSoftmax() {
        this(-1);
    }

    /** Along {@code axis} (negative counts from the end). */
    public LogSoftmax(int axis) {
        this.axis = axis;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.logSoftmax(axis);
    }

    @Override
    protected String extraRepr() {
        return "axis=" + axis;
    }
}
