package dev.ndgrad.examples.customop;

import dev.ndgrad.autograd.Tensor;

/**
 * Swish with a deliberately wrong backward, the kind of slip a gradient check exists to catch:
 * it treats {@code σ(x)} as a constant and returns {@code σ(x)} alone, dropping the
 * {@code x·σ(x)(1 − σ(x))} term. The forward is right, so training "works", only worse.
 */
public final class BrokenSwish extends Swish {

    public BrokenSwish() {
        super("BrokenSwish");
    }

    @Override
    protected Tensor derivative(Tensor x, Tensor s) {
        return s;
    }
}
