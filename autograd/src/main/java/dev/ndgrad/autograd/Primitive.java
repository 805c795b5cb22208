package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Function} whose forward computes on {@link Storage} through {@link Kernels} (the host path
 * or ND4J, whichever fits), rather than on an INDArray: ndgrad's own ops are Primitives, and a custom op
 * that wants the same speed extends it too. The backward is written in Tensor operations, as for every
 * Function, so it can be differentiated again.
 *
 * <pre>{@code
 * // y = x³;  ∂x = 3x²·g
 * final class Cube extends Primitive {
 *     Cube() { super("cube"); }
 *     protected Storage compute(Context ctx, Tensor... in) {
 *         ctx.saveForBackward(in[0]);
 *         return Kernels.scalar(ScalarFn.POW, in[0].storage(), 3);
 *     }
 *     protected Tensor[] backward(Context ctx, Tensor grad) {
 *         return new Tensor[] {grad.mul(ctx.saved(0).square().mul(3))};
 *     }
 * }
 * }</pre>
 */
public abstract class Primitive extends Function {

    private final OpKind kind;

    /** A custom primitive named {@code name}. */
    protected Primitive(String name) {
        super(name);
        this.kind = null;
    }

    /** One of ndgrad's own, declared by {@code kind}. */
    Primitive(OpKind kind) {
        super(checkNotNull(kind, "kind").name());
        this.kind = kind;
    }

    /**
     * Computes the output. Save what backward needs with {@link Context#saveForBackward} or
     * {@link Context#saveOutputForBackward}; never modify the inputs' storages.
     */
    protected abstract Storage compute(Context ctx, Tensor... inputs);

    /** The output as an INDArray ({@link #compute} moved into ND4J memory). */
    @Override
    protected final INDArray forward(Context ctx, Tensor... inputs) {
        return compute(ctx, inputs).toINDArray();
    }

    @Override
    final Storage run(Context ctx, Tensor[] inputs) {
        return compute(ctx, inputs);
    }

    @Override
    final boolean isBuiltIn() {
        return kind != null;
    }

    @Override
    final int mayBeViewOf() {
        return kind == null ? ANY_INPUT : kind.mayBeViewOf();
    }

    /** The declaration of a built-in op; {@code null} for a custom one. */
    final OpKind kind() {
        return kind;
    }
}
