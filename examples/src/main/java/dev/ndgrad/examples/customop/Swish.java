package dev.ndgrad.examples.customop;

import dev.ndgrad.autograd.Context;
import dev.ndgrad.autograd.Function;
import dev.ndgrad.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Swish (Ramachandran et al., 2017) as a user-defined op: {@code swish(x) = x·σ(x)}, with
 * {@code d swish/dx = σ(x) + x·σ(x)(1 − σ(x))}.
 *
 * <p>The forward works on arrays; the backward is written in Tensor operations, so it is recorded
 * when a second derivative is asked for and {@code Swish} can be differentiated twice.
 */
public class Swish extends Function {

    public Swish() {}

    /** For subclasses that change the backward (and should say so in the op's name). */
    protected Swish(String name) {
        super(name);
    }

    @Override
    protected INDArray forward(Context ctx, Tensor... inputs) {
        ctx.saveForBackward(inputs[0]);
        INDArray x = inputs[0].data();
        return x.mul(Transforms.sigmoid(x, true));
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
        Tensor x = ctx.saved(0);
        Tensor s = x.sigmoid();
        return new Tensor[] {grad.mul(derivative(x, s))};
    }

    /** {@code σ(x) + x·σ(x)(1 − σ(x))}, given {@code s = σ(x)}. */
    protected Tensor derivative(Tensor x, Tensor s) {
        return s.add(x.mul(s).mul(s.rsub(1)));
    }
}
