package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * {@code softmax(x)_i = e^{x_i} / Σ_j e^{x_j}} along an axis (computed stably); the seeds' multi-class output
 * layer. For training, feed the logits to {@link Losses#crossEntropy} instead, which fuses the log and is
 * stable.
 */
public final class Softmax extends Module {

    private final int axis;

    /** Along the last axis (the classes of a {@code [batch, classes]} input). */
    public Softmax() {
        this(-1);
    }

    /** Along {@code axis} (negative counts from the end). */
    public Softmax(int axis) {
        this.axis = axis;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softmax(axis);
    }

    @Override
    protected String extraRepr() {
        return "axis=" + axis;
    }
}
