package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;

/**
 * {@code LeakyReLU(x) = x} for x &gt; 0, {@code a·x} otherwise; d/dx = 1 or {@code a}. The small slope
 * keeps a gradient flowing through units that ReLU would switch off.
 */
public final class LeakyReLU extends Module {

    private final double slope;

    /** PyTorch's default slope, 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double slope) {
        checkArgument(Double.isFinite(slope), "LeakyReLU: slope must be finite, got %s", slope);
        this.slope = slope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(slope);
    }

    @Override
    protected String extraRepr() {
        return "slope=" + slope;
    }
}
