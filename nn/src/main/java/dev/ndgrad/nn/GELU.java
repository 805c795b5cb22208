package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel, 2016), PyTorch's {@code GELU(approximate='none')}:
 * {@code x·Φ(x) = ½x(1 + erf(x/√2))}, or with {@code approximate = "tanh"} its tanh form
 * {@code ½x(1 + tanh(√(2/π)(x + 0.044715x³)))}. See {@link Tensor#gelu()} and {@link Tensor#geluTanh()}.
 */
public final class GELU extends Module {

    private final boolean tanh;

    /** The exact GELU. */
    public GELU() {
        this("none");
    }

    /** {@code "none"} for the exact GELU, {@code "tanh"} for the tanh form (PyTorch's spelling). */
    public GELU(String approximate) {
        checkNotNull(approximate, "GELU: approximate is null");
        checkArgument(approximate.equals("none") || approximate.equals("tanh"),
                "GELU: approximate must be 'none' or 'tanh', got '%s'", approximate);
        this.tanh = approximate.equals("tanh");
    }

    @Override
    public Tensor forward(Tensor x) {
        return tanh ? x.geluTanh() : x.gelu();
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + (tanh ? "tanh" : "none") + "'";
    }
}
