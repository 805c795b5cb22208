package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/** The sigmoid linear unit (swish), PyTorch's {@code SiLU}: {@code x·σ(x)}; d/dx = σ(x)(1 + x(1 − σ(x))). */
public final class SiLU extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.silu();
    }
}
