package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Ops that move elements without computing on them: reshape, permute, broadcast, slice, index, concat. */
final class ShapeOps {

    private ShapeOps() {}

    /** y = x in a new shape;  ∂x = g in x's shape. */
    static final class Reshape extends BuiltInOp {
        private final long[] shape;

        Reshape(long[] shape) {
            super("reshape");
            this.shape = shape.clone();
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.outputIsViewOf(0);
            return ArrayOps.reshape(in[0].data(), resolve(in[0]));
        }

        private long[] resolve(Tensor x) {
            long known = 1;
            int inferred = -1;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == -1) {
                    checkArgument(inferred < 0, "reshape: more than one -1 in %s", Arrays.toString(shape));
                    inferred = i;
                } else {
                    checkArgument(shape[i] >= 0, "reshape: negative dimension in %s", Arrays.toString(shape));
                    known *= shape[i];
                }
            }
            long[] out = shape.clone();
            if (inferred >= 0 && known > 0 && x.size() % known == 0) {
                out[inferred] = x.size() / known;
            }
            if (Shapes.length(out) != x.size() || (inferred >= 0 && known == 0)) {
                throw new IllegalArgumentException(String.format("reshape: cannot reshape %s (%d elements) to %s",
                        x.describe(), x.size(), Arrays.toString(shape)));
            }
            return out;
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.reshape(ctx.inputShape(0))};
        }
    }

    /** y = x with axes reordered;  ∂x = g with the inverse order. */
    static final class Permute extends BuiltInOp {
        private final int[] dims;

        Permute(int[] dims) {
            super("permute");
            this.dims = dims.clone();
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            int rank = in[0].rank();
            boolean[] seen = new boolean[rank];
            boolean valid = dims.length == rank;
            for (int i = 0; valid && i < rank; i++) {
                valid = dims[i] >= 0 && dims[i] < rank && !seen[dims[i]];
                if (valid) {
                    seen[dims[i]] = true;
                }
            }
            checkArgument(valid, "permute: %s is not a permutation of the %s axes of %s", Arrays.toString(dims), rank,
                    in[0].describe());
            ctx.outputIsViewOf(0);
            return ArrayOps.permute(in[0].data(), dims);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            int[] inverse = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                inverse[dims[i]] = i;
            }
            return new Tensor[] {grad.permute(inverse)};
        }
    }

    /** y = x repeated along broadcast axes;  ∂x = g summed back to x's shape. */
    static final class BroadcastTo extends BuiltInOp {
        private final long[] shape;

        BroadcastTo(long[] shape) {
            super("broadcastTo");
            this.shape = shape.clone();
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            if (!Shapes.canSumTo(shape, in[0].shape())) {
                throw new IllegalArgumentException(String.format("broadcastTo: %s cannot be broadcast to %s",
                        in[0].describe(), Arrays.toString(shape)));
            }
            if (Arrays.equals(in[0].shape(), shape)) {
                ctx.outputIsViewOf(0);
                return in[0].data();
            }
            return ArrayOps.broadcastTo(in[0].data(), shape);     // ND4J's broadcast writes a new array
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.sumToShape(ctx.inputShape(0))};
        }
    }

    /** y = x summed over the axes that broadcasting added;  ∂x = g broadcast back. */
    static final class SumToShape extends BuiltInOp {
        private final long[] shape;

        SumToShape(long[] shape) {
            super("sumToShape");
            this.shape = shape.clone();
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            if (!Shapes.canSumTo(in[0].shape(), shape)) {
                throw new IllegalArgumentException(String.format("sumToShape: %s cannot be summed to %s",
                        in[0].describe(), Arrays.toString(shape)));
            }
            if (Shapes.axesSummedTo(in[0].shape(), shape).length == 0) {
                ctx.outputIsViewOf(0);      // only axes of size 1 go: a reshaped view
            }
            return ArrayOps.sumToShape(in[0].data(), shape);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.broadcastTo(ctx.inputShape(0))};
        }
    }

    /** y = x[start:end] along an axis;  ∂x = g placed back into zeros. */
    static final class Slice extends BuiltInOp {
        private final int axis;
        private final long start;
        private final long end;

        Slice(int axis, long start, long end) {
            super("slice");
            this.axis = axis;
            this.start = start;
            this.end = end;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            long n = in[0].shape()[axis];
            checkArgument(0 <= start && start < end && end <= n,
                    "slice: [%s, %s) is not a non-empty range within axis %s of %s", start, end, axis, in[0].describe());
            return ArrayOps.slice(in[0].data(), axis, start, end);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new Embed(ctx.inputShape(0), axis, start).apply(grad)};
        }
    }

    /** y = zeros of a shape with x placed at an offset along an axis (the adjoint of {@link Slice});  ∂x = g sliced. */
    static final class Embed extends BuiltInOp {
        private final long[] shape;
        private final int axis;
        private final long start;

        Embed(long[] shape, int axis, long start) {
            super("embed");
            this.shape = shape;
            this.axis = axis;
            this.start = start;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            return ArrayOps.embed(in[0].data(), shape, axis, start);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.slice(axis, start, start + ctx.inputShape(0)[axis])};
        }
    }

    /** y = x[index] along axis 0;  ∂x = g added back at the picked rows. The index gets no gradient. */
    static final Function INDEX_SELECT = new BuiltInOp("indexSelect") {
        protected INDArray forward(Context ctx, Tensor... in) {
            checkArgument(in[1].rank() == 1, "indexSelect: index %s must have rank 1 (one row number per picked row)",
                    in[1].describe());
            checkArgument(in[0].rank() >= 1, "indexSelect: input %s has no rows (rank 0)", in[0].describe());
            long[] index = checkedIndex(name(), in[1], in[0].size(0), 0);
            ctx.saveForBackward(in[1]);
            return ArrayOps.selectRows(in[0].data(), index);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new IndexAdd(ctx.inputShape(0)[0]).apply(grad, ctx.saved(0)), null};
        }
    };

    /** y = zeros with g's rows added at the indexed rows (the adjoint of indexSelect);  ∂x = g[index]. */
    static final class IndexAdd extends BuiltInOp {
        private final long rows;

        IndexAdd(long rows) {
            super("indexAdd");
            this.rows = rows;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return ArrayOps.addRows(in[0].data(), ArrayOps.longs(in[1].data()), rows);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.indexSelect(ctx.saved(0)), null};
        }
    }

    /** y[..j..] = x[..index[..j..]..] along an axis;  ∂x = g scattered (added) back. The index gets no gradient. */
    static final class Gather extends BuiltInOp {
        private final int axis;

        Gather(int axis) {
            super("gather");
            this.axis = axis;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor index = in[1];
            checkArgument(index.rank() == x.rank(), "gather: index %s must have the rank of %s", index.describe(),
                    x.describe());
            for (int i = 0; i < x.rank(); i++) {
                checkArgument(i == axis || index.shape()[i] == x.shape()[i],
                        "gather: index %s and input %s differ on axis %s (only the gather axis %s may differ)",
                        index.describe(), x.describe(), i, axis);
            }
            long[] idx = checkedIndex(name(), index, x.shape()[axis], axis);
            ctx.saveForBackward(index);
            return ArrayOps.gather(x.data(), axis, idx, index.shape());
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new ScatterAdd(axis, ctx.inputShape(0)).apply(grad, ctx.saved(0)), null};
        }
    }

    /** y = zeros with g added at the indexed positions (the adjoint of {@link Gather});  ∂x = gather(g). */
    static final class ScatterAdd extends BuiltInOp {
        private final int axis;
        private final long[] shape;

        ScatterAdd(int axis, long[] shape) {
            super("scatterAdd");
            this.axis = axis;
            this.shape = shape;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return ArrayOps.scatterAdd(in[0].data(), axis, ArrayOps.longs(in[1].data()), shape);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.gather(axis, ctx.saved(0)), null};
        }
    }

    /** y = [x₀, x₁, …] joined along an axis;  ∂xᵢ = the matching slice of g. */
    static final class Concat extends BuiltInOp {
        private final int axis;

        Concat(int axis) {
            super("concat");
            this.axis = axis;
        }

        protected INDArray forward(Context ctx, Tensor... in) {
            INDArray[] arrays = new INDArray[in.length];
            for (int i = 0; i < in.length; i++) {
                Tensor x = in[i];
                boolean fits = x.rank() == in[0].rank() && x.dtype() == in[0].dtype();
                for (int d = 0; fits && d < x.rank(); d++) {
                    fits = d == axis || x.shape()[d] == in[0].shape()[d];
                }
                checkArgument(fits, "concat: tensor %s %s does not match tensor 0 %s outside axis %s", i, x.describe(),
                        in[0].describe(), axis);
                arrays[i] = x.data();
            }
            return in.length == 1 ? arrays[0].dup() : ArrayOps.concat(axis, arrays);
        }

        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor[] grads = new Tensor[ctx.inputCount()];
            long offset = 0;
            for (int i = 0; i < grads.length; i++) {
                long n = ctx.inputShape(i)[axis];
                if (ctx.needsInputGrad(i)) {
                    grads[i] = grad.slice(axis, offset, offset + n);
                }
                offset += n;
            }
            return grads;
        }
    }

    /** The indices of an integer tensor, each checked to lie in {@code [0, bound)}. */
    static long[] checkedIndex(String op, Tensor index, long bound, int axis) {
        checkArgument(!index.dtype().isFPType() && index.dtype().isNumerical(),
                "%s: index %s must be an integer tensor (e.g. Tensor.indices(...))", op, index.describe());
        long[] idx = ArrayOps.longs(index.data());
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= bound) {
                throw new IndexOutOfBoundsException(String.format("%s: index %d at position %d is out of range [0, %d) for axis %d",
                        op, idx[i], i, bound, axis));
            }
        }
        return idx;
    }
}
