package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * {@code tanh(x)}; d/dx = 1 − tanh²(x). Zero-centred outputs in (−1, 1); pair it with {@link
 * Init#xavierNormal}.
 */
public final class Tanh extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
