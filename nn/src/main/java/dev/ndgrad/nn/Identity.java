package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * The identity {@code f(x) = x}: a placeholder (e.g. a "no activation" choice in a configurable model).
 */
public final class Identity extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x;
    }
}
