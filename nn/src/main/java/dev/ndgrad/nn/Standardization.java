package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

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

    /** A floating input, of the dtype of the layer's scale γ when it has one (otherwise any floating dtype). */
    static void checkDtype(Object layer, Tensor x, Parameter weight) {
        checkArgument(x.dtype().isFPType() && (weight == null || x.dtype() == weight.get().dtype()),
                "%s: input %s must have the layer's floating dtype%s", layer, Described.of(x),
                weight == null ? "" : " " + weight.get().dtype());
    }
}
