package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.ScalarFn;
import dev.ndgrad.autograd.kernel.Storage;

/**
 * An elementwise op of a floating tensor and a constant {@code c}, declared in one line like
 * {@link UnaryOp}; {@link #apply(Tensor, double)} binds the constant for one application.
 */
final class ScalarOp {

    @FunctionalInterface
    interface Vjp {
        Tensor apply(Tensor g, Tensor x, Tensor y, double c);
    }

    private final OpKind kind;
    private final ScalarFn fn;
    private final Saves saves;
    private final Vjp vjp;

    private ScalarOp(OpKind kind, ScalarFn fn, Saves saves, Vjp vjp) {
        this.kind = kind;
        this.fn = fn;
        this.saves = saves;
        this.vjp = vjp;
    }

    static ScalarOp of(String name, ScalarFn fn, Saves saves, Vjp vjp) {
        return new ScalarOp(OpKind.of(name), fn, saves, vjp);
    }

    Tensor apply(Tensor x, double c) {
        return new Bound(c).apply(x);
    }

    private final class Bound extends Primitive {
        private final double c;

        Bound(double c) {
            super(kind);
            this.c = c;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Checks.floating(name(), in[0], 0);
            saves.save(ctx, in);
            return Kernels.scalar(fn, in[0].storage(), c);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {vjp.apply(grad, saves.input(ctx, 0), saves.output(ctx), c)};
        }
    }
}
