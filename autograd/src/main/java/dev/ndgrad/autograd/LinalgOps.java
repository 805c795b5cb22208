package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Shapes;
import dev.ndgrad.autograd.kernel.Storage;
import java.util.Arrays;

/** Matrix products. */
final class LinalgOps {

    private LinalgOps() {}

    /**
     * NumPy's {@code matmul}: matrices (batched) multiply as {@link MatMul}; a 1-D left operand {@code [k]} is a
     * row vector {@code [1, k]} and a 1-D right operand a column vector {@code [k, 1]}, and the axis added for it
     * is dropped from the result: {@code [k]·[k] → []} (the dot product), {@code [k]·[k, m] → [m]},
     * {@code [n, k]·[k] → [n]}, {@code [b, n, k]·[k] → [b, n]}, {@code [k]·[b, k, m] → [b, m]}.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() >= 2 && b.rank() >= 2) {
            return MatMul.PLAIN.apply(a, b);
        }
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException(String.format(
                    "matmul: %s @ %s: a rank-0 operand has no matrix product (multiply by a scalar with mul)",
                    Shapes.str(a.shape()), Shapes.str(b.shape())));
        }
        long inner = a.size(-1);
        long otherInner = b.size(b.rank() == 1 ? 0 : -2);
        if (inner != otherInner) {
            throw new IllegalArgumentException(String.format("matmul: %s @ %s: inner dimensions %d and %d differ",
                    Shapes.str(a.shape()), Shapes.str(b.shape()), inner, otherInner));
        }
        Tensor left = a.rank() == 1 ? a.unsqueeze(0) : a;
        Tensor right = b.rank() == 1 ? b.unsqueeze(1) : b;
        Tensor product = MatMul.PLAIN.apply(left, right);
        if (b.rank() == 1) {
            product = product.squeeze(-1);
        }
        return a.rank() == 1 ? product.squeeze(b.rank() == 1 ? -1 : -2) : product;
    }

    static final OpKind MATMUL = OpKind.of("matmul");

    /**
     * C = op(A)·op(B), where op transposes the last two axes when its flag is set. The flags let
     * the backward run as plain gemm calls without materialising a transpose:
     * <pre>
     *   ∂A = g·op(B)ᵀ        (transA: op(B)·gᵀ)
     *   ∂B = op(A)ᵀ·g        (transB: gᵀ·op(A))
     * </pre>
     * Batched over leading axes with NumPy broadcasting; a rank-2 operand is shared by every batch (its
     * gradient is summed over the batch by the engine).
     */
    static final class MatMul extends Primitive {
        static final MatMul PLAIN = new MatMul(false, false, false);
        private static final MatMul[] ALL = {PLAIN, new MatMul(false, true, false), new MatMul(true, false, false),
            new MatMul(true, true, false)};
        /**
         * {@code gᵀ·x}, a weight's gradient: when large, written into native memory, where plain SGD applies it to
         * the weight (see {@link Kernels#matmul(Storage, Storage, boolean, boolean, boolean)}).
         */
        static final MatMul WEIGHT_GRADIENT = new MatMul(true, false, true);

        private final boolean transA;
        private final boolean transB;
        private final boolean nativeResult;

        private MatMul(boolean transA, boolean transB, boolean nativeResult) {
            super(MATMUL);
            this.transA = transA;
            this.transB = transB;
            this.nativeResult = nativeResult;
        }

        static MatMul of(boolean transA, boolean transB) {
            return ALL[(transA ? 2 : 0) + (transB ? 1 : 0)];
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Tensor a = in[0];
            Tensor b = in[1];
            checkOperands(a, b);
            ctx.saveForBackward(a, b);
            return Kernels.matmul(a.storage(), b.storage(), transA, transB, nativeResult);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor a = ctx.saved(0);
            Tensor b = ctx.saved(1);
            Tensor ga = null;
            Tensor gb = null;
            if (ctx.needsInputGrad(0)) {
                ga = transA ? b.matmul(grad, transB, true) : grad.matmul(b, false, !transB);
            }
            if (ctx.needsInputGrad(1)) {
                gb = transB ? grad.matmul(a, true, transA) : a.matmul(grad, !transA, false);
            }
            return new Tensor[] {ga, gb};
        }

        private void checkOperands(Tensor a, Tensor b) {
            Checks.floating(name(), a, 0);
            Checks.floating(name(), b, 1);
            if (a.dtype() != b.dtype()) {
                throw new IllegalArgumentException(String.format(
                        "matmul: dtype mismatch, %s vs %s: both operands must have the same floating dtype",
                        a.describe(), b.describe()));
            }
            if (a.rank() < 2 || b.rank() < 2) {
                throw new IllegalArgumentException(String.format(
                        "matmul: %s @ %s: with transpose flags both operands need rank >= 2",
                        Shapes.str(a.shape()), Shapes.str(b.shape())));
            }
            long inner = a.size(transA ? -2 : -1);
            long otherInner = b.size(transB ? -1 : -2);
            if (inner != otherInner) {
                throw new IllegalArgumentException(String.format("matmul: %s%s @ %s%s: inner dimensions %d and %d differ",
                        Shapes.str(a.shape()), transA ? "ᵀ" : "", Shapes.str(b.shape()), transB ? "ᵀ" : "", inner,
                        otherInner));
            }
            Shapes.broadcast("matmul (batch dimensions)", Arrays.copyOf(a.shape(), a.rank() - 2),
                    Arrays.copyOf(b.shape(), b.rank() - 2));
        }
    }

    static final OpKind LINEAR = OpKind.of("linear");

    /**
     * y = x·Wᵀ + b for {@code x [..., in]}, {@code W [out, in]}, {@code b [out]} (PyTorch's {@code F.linear}): one
     * product with the transpose flag and the bias added to its result in the same pass, one graph node.
     * <pre>
     *   ∂x = g·W        ∂W = gᵀ·x (over all leading axes)        ∂b = Σ g over the leading axes
     * </pre>
     */
    static final Primitive LINEAR_OP = new Primitive(LINEAR) {
        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor w = in[1];
            Tensor b = in[2];
            Checks.floating(name(), x, 0);
            Checks.floating(name(), w, 1);
            Checks.floating(name(), b, 2);
            if (x.dtype() != w.dtype() || b.dtype() != w.dtype()) {
                throw new IllegalArgumentException(String.format(
                        "linear: dtype mismatch among input %s, weight %s and bias %s: all need one floating dtype",
                        x.describe(), w.describe(), b.describe()));
            }
            if (w.rank() != 2 || b.rank() != 1 || b.size(0) != w.size(0) || x.rank() < 1
                    || x.size(-1) != w.size(1)) {
                throw new IllegalArgumentException(String.format(
                        "linear: input %s, weight %s and bias %s must be [..., in], [out, in] and [out]", x.describe(),
                        w.describe(), b.describe()));
            }
            ctx.saveForBackward(x, w);
            return Kernels.linear(x.storage(), w.storage(), b.storage());
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor x = ctx.saved(0);
            Tensor w = ctx.saved(1);
            long out = w.size(0);
            Tensor g2 = grad.rank() == 2 ? grad : grad.reshape(rows(grad), out);
            Tensor gx = ctx.needsInputGrad(0) ? grad.matmul(w) : null;
            Tensor gw = null;
            if (ctx.needsInputGrad(1)) {
                Tensor x2 = x.rank() == 2 ? x : x.reshape(rows(x), w.size(1));
                // a weight's gradient lives where the weight does: in native memory once plain SGD moved it there
                gw = (w.storage().isHost() ? MatMul.of(true, false) : MatMul.WEIGHT_GRADIENT).apply(g2, x2);
            }
            Tensor gb = ctx.needsInputGrad(2) ? g2.sum(0, false) : null;
            return new Tensor[] {gx, gw, gb};
        }

        /** The product of all but the last axis (not a −1, which an empty tensor leaves undetermined). */
        private long rows(Tensor t) {
            long n = 1;
            for (int i = 0; i < t.rank() - 1; i++) {
                n *= t.size(i);
            }
            return n;
        }
    };
}
