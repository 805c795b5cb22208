package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * {@code ReLU(x) = max(x, 0)}; d/dx = 1 for x &gt; 0, else 0 (0 at the kink, as in PyTorch). The seeds'
 * default hidden activation.
 */
public final class ReLU extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
