package dev.ndgrad.autograd;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Matrix products. */
final class LinalgOps {

    private LinalgOps() {}

    /**
     * C = op(A)·op(B), where op transposes the last two axes when its flag is set. The flags let
     * the backward run as plain gemm calls without materialising a transpose:
     * <pre>
     *   ∂A = g·op(B)ᵀ        (transA: op(B)·gᵀ)
     *   ∂B = op(A)ᵀ·g        (transB: gᵀ·op(A))
     * </pre>
     * Batched over leading axes; a rank-2 operand is shared by every batch (its gradient is summed
     * over the batch by the engine).
     */
    static final class MatMul extends BuiltInOp {
        static final MatMul PLAIN = new MatMul(false, false);
        private static final MatMul[] ALL = {PLAIN, new MatMul(false, true), new MatMul(true, false), new MatMul(true, true)};

        private final boolean transA;
        private final boolean transB;

        private MatMul(boolean transA, boolean transB) {
            super("matmul");
            this.transA = transA;
            this.transB = transB;
        }

        static MatMul of(boolean transA, boolean transB) {
            return ALL[(transA ? 2 : 0) + (transB ? 1 : 0)];
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            Tensor a = in[0];
            Tensor b = in[1];
            checkOperands(a, b);
            ctx.saveForBackward(a, b);
            INDArray x = a.data();
            INDArray y = b.data();
            if (x.rank() == 2 && y.rank() == 2) {
                return ArrayOps.gemm(x, y, transA, transB);
            }
            if (y.rank() == 2 && !transA) {
                // [..., n, k]·[k, m]: one gemm over the flattened batch
                long[] shape = x.shape();
                INDArray flat = ArrayOps.reshape(x, new long[] {-1, shape[shape.length - 1]});
                INDArray product = ArrayOps.gemm(flat, y, false, transB);
                long[] outShape = shape.clone();
                outShape[outShape.length - 1] = product.size(1);
                return ArrayOps.reshape(product, outShape);
            }
            long[] batch = batchShape(a, b);
            return ArrayOps.batchedMatmul(ArrayOps.broadcastTo(x, withBatch(batch, x.shape())),
                    ArrayOps.broadcastTo(y, withBatch(batch, y.shape())), transA, transB);
        }

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
            checkBinaryDtype(a, b);
            if (a.rank() < 2 || b.rank() < 2) {
                throw new IllegalArgumentException(String.format(
                        "matmul: %s @ %s: both operands need rank >= 2 (reshape a vector to [1, n] or [n, 1])",
                        Shapes.str(a.shape()), Shapes.str(b.shape())));
            }
            long inner = a.size(transA ? -2 : -1);
            long otherInner = b.size(transB ? -1 : -2);
            if (inner != otherInner) {
                throw new IllegalArgumentException(String.format("matmul: %s%s @ %s%s: inner dimensions %d and %d differ",
                        Shapes.str(a.shape()), transA ? "ᵀ" : "", Shapes.str(b.shape()), transB ? "ᵀ" : "", inner,
                        otherInner));
            }
            batchShape(a, b);
        }

        private void checkBinaryDtype(Tensor a, Tensor b) {
            checkFloating(a, 0);
            checkFloating(b, 1);
            if (a.dtype() != b.dtype()) {
                throw new IllegalArgumentException(String.format(
                        "matmul: dtype mismatch, %s vs %s: both operands must have the same floating dtype",
                        a.describe(), b.describe()));
            }
        }

        private long[] batchShape(Tensor a, Tensor b) {
            long[] sa = Arrays.copyOf(a.shape(), a.rank() - 2);
            long[] sb = Arrays.copyOf(b.shape(), b.rank() - 2);
            return Shapes.broadcast("matmul (batch dimensions)", sa, sb);
        }

        private static long[] withBatch(long[] batch, long[] shape) {
            long[] out = Arrays.copyOf(batch, batch.length + 2);
            out[batch.length] = shape[shape.length - 2];
            out[batch.length + 1] = shape[shape.length - 1];
            return out;
        }
    }
}
