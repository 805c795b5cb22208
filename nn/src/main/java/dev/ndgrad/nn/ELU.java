package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;

/**
 * The exponential linear unit (Clevert et al., 2015), PyTorch's {@code ELU(alpha=1.0)}: {@code x} for x &gt; 0,
 * {@code α(eˣ − 1)} otherwise; d/dx = 1 or {@code α·eˣ}.
 */
public final class ELU extends Module {

    private final double alpha;

    /** α = 1. */
    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        checkArgument(Double.isFinite(alpha), "ELU: alpha must be finite, got %s", alpha);
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.elu(alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}
