package dev.ndgrad.autograd;

import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Shapes;
import dev.ndgrad.autograd.kernel.Storage;
import java.util.Arrays;

/** Ops that move elements without computing on them: reshape, permute, broadcast, slice, index, concat. */
final class ShapeOps {

    private ShapeOps() {}

    static final OpKind RESHAPE = OpKind.viewOf("reshape", 0);

    /** y = x in a new shape (a view);  ∂x = g in x's shape. */
    static final class Reshape extends Primitive {
        private final long[] shape;

        Reshape(long[] shape) {
            super(RESHAPE);
            this.shape = shape.clone();
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            return Kernels.reshape(in[0].storage(), resolve(in[0]));
        }

        private long[] resolve(Tensor x) {
            long known = 1;
            int inferred = -1;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == -1) {
                    if (inferred >= 0) {
                        throw new IllegalArgumentException(lenientFormat(
                                "reshape: more than one -1 in %s", Arrays.toString(shape)));
                    }
                    inferred = i;
                } else {
                    if (!(shape[i] >= 0)) {
                        throw new IllegalArgumentException(lenientFormat(
                                "reshape: negative dimension in %s", Arrays.toString(shape)));
                    }
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

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.reshape(ctx.inputShape(0))};
        }
    }

    static final OpKind PERMUTE = OpKind.of("permute");

    /** y = x with axes reordered;  ∂x = g with the inverse order. */
    static final class Permute extends Primitive {
        private final int[] dims;

        Permute(int[] dims) {
            super(PERMUTE);
            this.dims = dims.clone();
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            int rank = in[0].rank();
            boolean[] seen = new boolean[rank];
            boolean valid = dims.length == rank;
            for (int i = 0; valid && i < rank; i++) {
                valid = dims[i] >= 0 && dims[i] < rank && !seen[dims[i]];
                if (valid) {
                    seen[dims[i]] = true;
                }
            }
            if (!valid) {
                throw new IllegalArgumentException(lenientFormat(
                        "permute: %s is not a permutation of the %s axes of %s", Arrays.toString(dims), rank,
                        in[0].describe()));
            }
            return Kernels.permute(in[0].storage(), dims);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            int[] inverse = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                inverse[dims[i]] = i;
            }
            return new Tensor[] {grad.permute(inverse)};
        }
    }

    static final OpKind BROADCAST_TO = OpKind.viewOf("broadcastTo", 0);

    /** y = x repeated along broadcast axes (x itself when the shape is already right);  ∂x = g summed back. */
    static final class BroadcastTo extends Primitive {
        private final long[] shape;

        BroadcastTo(long[] shape) {
            super(BROADCAST_TO);
            this.shape = shape.clone();
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            if (!Shapes.canSumTo(shape, in[0].shape())) {
                throw new IllegalArgumentException(String.format("broadcastTo: %s cannot be broadcast to %s",
                        in[0].describe(), Arrays.toString(shape)));
            }
            Storage x = in[0].storage();
            return Arrays.equals(in[0].shape(), shape) ? x : Kernels.broadcastTo(x, shape);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.sumToShape(ctx.inputShape(0))};
        }
    }

    static final OpKind SUM_TO_SHAPE = OpKind.viewOf("sumToShape", 0);

    /** y = x summed over the axes that broadcasting added (a view when none are);  ∂x = g broadcast back. */
    static final class SumToShape extends Primitive {
        private final long[] shape;

        SumToShape(long[] shape) {
            super(SUM_TO_SHAPE);
            this.shape = shape.clone();
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            if (!Shapes.canSumTo(in[0].shape(), shape)) {
                throw new IllegalArgumentException(String.format("sumToShape: %s cannot be summed to %s",
                        in[0].describe(), Arrays.toString(shape)));
            }
            return Kernels.sumToShape(in[0].storage(), shape);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.broadcastTo(ctx.inputShape(0))};
        }
    }

    static final OpKind SLICE = OpKind.of("slice");

    /** y = x[start:end] along an axis (possibly empty);  ∂x = g placed back into zeros. */
    static final class Slice extends Primitive {
        private final int axis;
        private final long start;
        private final long end;

        Slice(int axis, long start, long end) {
            super(SLICE);
            this.axis = axis;
            this.start = start;
            this.end = end;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            long n = in[0].size(axis);
            if (!(0 <= start && start <= end && end <= n)) {
                throw new IllegalArgumentException(lenientFormat(
                        "slice: [%s, %s) is not a range within axis %s of %s (0 <= start <= end <= %s)",
                        start, end, axis,
                        in[0].describe(), n));
            }
            return Kernels.slice(in[0].storage(), axis, start, end);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new Embed(ctx.inputShape(0), axis, start).apply(grad)};
        }
    }

    static final OpKind EMBED = OpKind.of("embed");

    /** y = zeros of a shape with x placed at an offset along an axis (the adjoint of {@link Slice});  ∂x = g sliced. */
    static final class Embed extends Primitive {
        private final long[] shape;
        private final int axis;
        private final long start;

        Embed(long[] shape, int axis, long start) {
            super(EMBED);
            this.shape = shape;
            this.axis = axis;
            this.start = start;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            return Kernels.embed(in[0].storage(), shape, axis, start);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.slice(axis, start, start + ctx.inputShape(0)[axis])};
        }
    }

    /** y = x[index] along axis 0;  ∂x = g added back at the picked rows. The index gets no gradient. */
    static final Primitive INDEX_SELECT = new Primitive(OpKind.of("indexSelect")) {
        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            if (!(in[1].rank() == 1)) {
                throw new IllegalArgumentException(lenientFormat(
                        "indexSelect: index %s must have rank 1 (one row number per picked row)",
                        in[1].describe()));
            }
            if (!(in[0].rank() >= 1)) {
                throw new IllegalArgumentException(lenientFormat(
                        "indexSelect: input %s has no rows (rank 0)", in[0].describe()));
            }
            long[] index = Checks.indices(name(), in[1], in[0].size(0), 0);
            ctx.saveForBackward(in[1]);
            return Kernels.indexSelect(in[0].storage(), index);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new IndexAdd(ctx.inputShape(0)[0]).apply(grad, ctx.saved(0)), null};
        }
    };

    static final OpKind INDEX_ADD = OpKind.of("indexAdd");

    /** y = zeros with g's rows added at the indexed rows (the adjoint of indexSelect);  ∂g = ȳ[index]. */
    static final class IndexAdd extends Primitive {
        private final long rows;

        IndexAdd(long rows) {
            super(INDEX_ADD);
            this.rows = rows;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return Kernels.indexAdd(in[0].storage(), Kernels.longs(in[1].storage()), rows);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.indexSelect(ctx.saved(0)), null};
        }
    }

    static final OpKind GATHER = OpKind.of("gather");

    /** y[..j..] = x[..index[..j..]..] along an axis;  ∂x = g scattered (added) back. The index gets no gradient. */
    static final class Gather extends Primitive {
        private final int axis;

        Gather(int axis) {
            super(GATHER);
            this.axis = axis;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor index = in[1];
            if (index.rank() != x.rank()) {
                throw new IllegalArgumentException(lenientFormat(
                        "gather: index %s must have the rank of %s", index.describe(),
                        x.describe()));
            }
            for (int i = 0; i < x.rank(); i++) {
                if (!(i == axis || index.size(i) == x.size(i))) {
                    throw new IllegalArgumentException(lenientFormat(
                            "gather: index %s and input %s differ on axis %s (only the gather axis %s may differ)",
                            index.describe(), x.describe(), i, axis));
                }
            }
            long[] idx = Checks.indices(name(), index, x.size(axis), axis);
            ctx.saveForBackward(index);
            return Kernels.gather(x.storage(), axis, idx, index.shape());
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new ScatterAdd(axis, ctx.inputShape(0)).apply(grad, ctx.saved(0)), null};
        }
    }

    static final OpKind SCATTER_ADD = OpKind.of("scatterAdd");

    /** y = zeros with g added at the indexed positions (the adjoint of {@link Gather});  ∂g = gather(ȳ). */
    static final class ScatterAdd extends Primitive {
        private final int axis;
        private final long[] shape;

        ScatterAdd(int axis, long[] shape) {
            super(SCATTER_ADD);
            this.axis = axis;
            this.shape = shape;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return Kernels.scatterAdd(in[0].storage(), axis, Kernels.longs(in[1].storage()), shape);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.gather(axis, ctx.saved(0)), null};
        }
    }

    static final OpKind CONCAT = OpKind.of("concat");

    /** y = [x₀, x₁, …] joined along an axis;  ∂xᵢ = the matching slice of g. */
    static final class Concat extends Primitive {
        private final int axis;

        Concat(int axis) {
            super(CONCAT);
            this.axis = axis;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Storage[] parts = new Storage[in.length];
            for (int i = 0; i < in.length; i++) {
                Tensor x = in[i];
                boolean fits = x.rank() == in[0].rank() && x.dtype() == in[0].dtype();
                for (int d = 0; fits && d < x.rank(); d++) {
                    fits = d == axis || x.size(d) == in[0].size(d);
                }
                if (!fits) {
                    throw new IllegalArgumentException(lenientFormat(
                            "concat: tensor %s %s does not match tensor 0 %s outside axis %s", i, x.describe(),
                            in[0].describe(), axis));
                }
                parts[i] = x.storage();
            }
            return Kernels.concat(axis, parts);
        }

        @Override
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
}
