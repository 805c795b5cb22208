package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.BinaryFn;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;

/**
 * An elementwise op of two floating inputs of one dtype with NumPy broadcasting, declared in one line:
 * name, kernel function, what it saves, and one VJP per input in Tensor ops ({@code g}, inputs {@code a},
 * {@code b}, output {@code y}; each {@code null} unless saved). A VJP may return a gradient of the
 * broadcast shape: the engine sums it down to the input's shape.
 */
final class BinaryOp extends Primitive {

    @FunctionalInterface
    interface Vjp {
        Tensor apply(Tensor g, Tensor a, Tensor b, Tensor y);
    }

    private final BinaryFn fn;
    private final Saves saves;
    private final Vjp vjpA;
    private final Vjp vjpB;

    private BinaryOp(OpKind kind, BinaryFn fn, Saves saves, Vjp vjpA, Vjp vjpB) {
        super(kind);
        this.fn = fn;
        this.saves = saves;
        this.vjpA = vjpA;
        this.vjpB = vjpB;
    }

    static BinaryOp of(String name, BinaryFn fn, Saves saves, Vjp vjpA, Vjp vjpB) {
        return new BinaryOp(OpKind.of(name), fn, saves, vjpA, vjpB);
    }

    @Override
    protected Storage compute(Context ctx, Tensor... in) {
        Checks.binary(name(), in[0], in[1]);
        saves.save(ctx, in);
        return Kernels.binary(fn, in[0].storage(), in[1].storage());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
        Tensor a = saves.input(ctx, 0);
        Tensor b = saves.input(ctx, 1);
        Tensor y = saves.output(ctx);
        return new Tensor[] {
            ctx.needsInputGrad(0) ? vjpA.apply(grad, a, b, y) : null,
            ctx.needsInputGrad(1) ? vjpB.apply(grad, a, b, y) : null};
    }
}
