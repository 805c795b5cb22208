package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * {@code σ(x) = 1/(1 + e⁻ˣ)}; dσ/dx = σ(x)(1 − σ(x)). The seeds' output unit for binary classification (prefer
 * {@link Losses#binaryCrossEntropyWithLogits} on the logits for training).
 */
public final class Sigmoid extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
