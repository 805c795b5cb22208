package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/** The standardisation shared by the normalisation layers, a composition (so differentiable twice). */
final class Standardization {

    private Standardization() {}

    /**
     * {@code x̂ = (x − μ) / √(σ² + ε)} with the mean {@code μ} and the biased (population) variance {@code σ²}
     * over {@code axes}, as batch, layer and group normalisation define them. The graph differentiates through
     * {@code μ} and {@code σ²} too.
     */
    static Tensor overAxes(Tensor x, int[] axes, double eps) {
        Tensor centered = x.sub(x.mean(axes, true));
        Tensor variance = centered.square().mean(axes, true);
        return centered.div(variance.add(eps).sqrt());
    }
}
