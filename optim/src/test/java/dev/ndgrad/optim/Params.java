package dev.ndgrad.optim;

import dev.ndgrad.autograd.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Test fixtures: DOUBLE parameters and fixed gradients. */
final class Params {

    private Params() {}

    /** A DOUBLE leaf requiring grad. */
    static Tensor of(double... values) {
        return Tensor.of(Nd4j.createFromArray(values)).requiresGrad(true);
    }

    /** Gives {@code p} the gradient {@code g} exactly: it is ∂/∂p of {@code Σ p·g}. */
    static void setGrad(Tensor p, double... g) {
        p.zeroGrad();
        p.mul(Tensor.of(Nd4j.createFromArray(g).castTo(p.dtype()))).sum().backward();
    }

    static double[] values(Tensor p) {
        return p.data().castTo(DataType.DOUBLE).toDoubleVector();
    }
}
