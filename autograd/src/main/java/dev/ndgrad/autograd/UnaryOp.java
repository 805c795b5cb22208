package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.UnaryFn;

/**
 * An elementwise op of one floating input, declared in one line: its name, its kernel function, what
 * it saves, and its VJP in Tensor ops ({@code g} = ∂L/∂y, {@code x} the input, {@code y} the output,
 * each {@code null} unless saved).
 */
final class UnaryOp extends Primitive {

    @FunctionalInterface
    interface Vjp {
        Tensor apply(Tensor g, Tensor x, Tensor y);
    }

    private final UnaryFn fn;
    private final Saves saves;
    private final Vjp vjp;

    private UnaryOp(OpKind kind, UnaryFn fn, Saves saves, Vjp vjp) {
        super(kind);
        this.fn = fn;
        this.saves = saves;
        this.vjp = vjp;
    }

    static UnaryOp of(String name, UnaryFn fn, Saves saves, Vjp vjp) {
        return new UnaryOp(OpKind.of(name), fn, saves, vjp);
    }

    @Override
    protected Storage compute(Context ctx, Tensor... in) {
        Checks.floating(name(), in[0], 0);
        saves.save(ctx, in);
        return Kernels.unary(fn, in[0].storage());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
        return new Tensor[] {vjp.apply(grad, saves.input(ctx, 0), saves.output(ctx))};
    }
}
