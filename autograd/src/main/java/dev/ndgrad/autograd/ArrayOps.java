package dev.ndgrad.autograd;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.Select;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The one layer through which ops reach ND4J. Op definitions say <em>what</em> to compute; this
 * class says how, so that a faster path (BLAS on ND4J's buffers, plain JVM loops for tiny arrays,
 * buffer reuse) can go here without touching an op. Every method returns a fresh array and never
 * modifies its arguments; shapes are validated by the caller.
 */
final class ArrayOps {

    private ArrayOps() {}

    // ---- elementwise, with NumPy broadcasting (shapes already checked by Shapes.broadcast)

    static INDArray add(INDArray a, INDArray b) {
        return a.rank() == b.rank() ? a.add(b) : padRank(a, b.rank()).add(padRank(b, a.rank()));
    }

    static INDArray sub(INDArray a, INDArray b) {
        return a.rank() == b.rank() ? a.sub(b) : padRank(a, b.rank()).sub(padRank(b, a.rank()));
    }

    static INDArray mul(INDArray a, INDArray b) {
        return a.rank() == b.rank() ? a.mul(b) : padRank(a, b.rank()).mul(padRank(b, a.rank()));
    }

    static INDArray div(INDArray a, INDArray b) {
        return a.rank() == b.rank() ? a.div(b) : padRank(a, b.rank()).div(padRank(b, a.rank()));
    }

    /**
     * {@code a} with leading axes of size 1 up to {@code rank} (a view). ND4J's own broadcasting fails
     * for some rank mismatches, e.g. {@code [3] + [2, 1]} ("Op [add] execution failed"); with equal
     * ranks it broadcasts correctly, so binary ops align ranks first, as NumPy does conceptually.
     */
    private static INDArray padRank(INDArray a, int rank) {
        return a.rank() >= rank ? a : a.reshape(paddedShape(a.shape(), rank));
    }

    static INDArray pow(INDArray a, INDArray b) {
        long[] shape = Shapes.broadcast("pow", a.shape(), b.shape());
        return Transforms.pow(broadcastTo(a, shape), broadcastTo(b, shape), true);
    }

    static INDArray addScalar(INDArray a, double c) {
        return a.add(c);
    }

    static INDArray mulScalar(INDArray a, double c) {
        return a.mul(c);
    }

    static INDArray rsubScalar(INDArray a, double c) {
        return a.rsub(c);
    }

    static INDArray rdivScalar(INDArray a, double c) {
        return a.rdiv(c);
    }

    static INDArray powScalar(INDArray a, double p) {
        return p == 2 ? a.mul(a) : Transforms.pow(a, p, true);
    }

    static INDArray exp(INDArray a) {
        return Transforms.exp(a, true);
    }

    static INDArray log(INDArray a) {
        return Transforms.log(a, true);
    }

    static INDArray sqrt(INDArray a) {
        return Transforms.sqrt(a, true);
    }

    static INDArray abs(INDArray a) {
        return Transforms.abs(a, true);
    }

    static INDArray sign(INDArray a) {
        return Transforms.sign(a, true);
    }

    static INDArray sigmoid(INDArray a) {
        return Transforms.sigmoid(a, true);
    }

    static INDArray tanh(INDArray a) {
        return Transforms.tanh(a, true);
    }

    /** {@code g ⊙ (1 − y²)} for arrays of one shape: tanh's backward from its output. */
    static INDArray tanhGrad(INDArray y, INDArray g) {
        return y.mul(y).rsubi(1).muli(g);
    }

    /** {@code g ⊙ y(1 − y)} for arrays of one shape: sigmoid's backward from its output. */
    static INDArray sigmoidGrad(INDArray y, INDArray g) {
        return y.rsub(1).muli(y).muli(g);
    }

    static INDArray relu(INDArray a) {
        return Transforms.relu(a, true);
    }

    static INDArray leakyRelu(INDArray a, double slope) {
        return Transforms.leakyRelu(a, slope, true);
    }

    /** {@code log(1 + exp(x))} as {@code max(x, 0) + log1p(exp(−|x|))}: no overflow for large |x|. */
    static INDArray softplus(INDArray a) {
        INDArray tail = Transforms.log1p(Transforms.exp(Transforms.abs(a, true).negi(), false), false);
        return Transforms.relu(a, true).addi(tail);
    }

    static INDArray clamp(INDArray a, double min, double max) {
        return Transforms.min(Transforms.max(a, min, true), max, false);
    }

    static INDArray maximum(INDArray a, INDArray b) {
        long[] shape = Shapes.broadcast("maximum", a.shape(), b.shape());
        return Transforms.max(broadcastTo(a, shape), broadcastTo(b, shape), true);
    }

    static INDArray minimum(INDArray a, INDArray b) {
        long[] shape = Shapes.broadcast("minimum", a.shape(), b.shape());
        return Transforms.min(broadcastTo(a, shape), broadcastTo(b, shape), true);
    }

    /**
     * {@code mask ? a : b} elementwise, for three arrays of one shape (mask non-zero = true).
     * Not {@code INDArray.putWhereWithMask}, which neither works in place nor keeps positions aligned.
     */
    static INDArray select(INDArray mask, INDArray a, INDArray b) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), a.shape());
        Nd4j.exec(new Select(new INDArray[] {mask.castTo(DataType.BOOL), a, b}, new INDArray[] {out}));
        return out;
    }

    // ---- comparisons: masks of 1 and 0, in the operand's dtype when it is floating (so a mask can scale it),
    //      else in the default floating dtype (so that, e.g., a mean of matches is an accuracy)

    private static DataType maskType(INDArray a) {
        return a.dataType().isFPType() ? a.dataType() : Nd4j.defaultFloatingPointType();
    }

    static INDArray greaterThan(INDArray a, double c) {
        if (a.dataType().isFPType()) {
            // one scalar op (Step: x > c ? 1 : 0, in x's dtype) instead of a BOOL mask and a cast
            INDArray out = Nd4j.createUninitialized(a.dataType(), a.shape());
            Nd4j.exec(new Step(a, out, c));
            return out;
        }
        return a.gt(c).castTo(maskType(a));
    }

    static INDArray greaterOrEqual(INDArray a, double c) {
        return a.gte(c).castTo(maskType(a));
    }

    static INDArray lessOrEqual(INDArray a, double c) {
        return a.lte(c).castTo(maskType(a));
    }

    static INDArray equalTo(INDArray a, INDArray b) {
        long[] shape = Shapes.broadcast("eq", a.shape(), b.shape());
        return broadcastTo(a, shape).eq(broadcastTo(b, shape)).castTo(maskType(a));
    }

    static INDArray greaterThan(INDArray a, INDArray b) {
        long[] shape = Shapes.broadcast("gt", a.shape(), b.shape());
        return broadcastTo(a, shape).gt(broadcastTo(b, shape)).castTo(maskType(a));
    }

    // ---- fused softmax cross-entropy (LossOps)

    /** Σᵢ (ln Σₖ e^{zᵢₖ} − zᵢ_{cᵢ}) over the rows of {@code z [n, K]}, and softmax(z) (a new array). */
    record SoftmaxCrossEntropy(double total, INDArray softmax) {}

    static SoftmaxCrossEntropy softmaxCrossEntropy(INDArray z, long[] classes) {
        INDArray shifted = sub(z, z.max(true, 1));                 // z − max: no overflow in exp
        double picked = 0;
        for (int i = 0; i < classes.length; i++) {
            picked += shifted.getDouble(i, classes[i]);
        }
        INDArray e = Transforms.exp(shifted, false);               // in place: shifted is ours
        INDArray sum = e.sum(true, 1);
        INDArray softmax = e.divi(sum);
        double logSums = Transforms.log(sum, false).sumNumber().doubleValue();
        return new SoftmaxCrossEntropy(logSums - picked, softmax);
    }

    /** {@code factor · (p − onehot(classes))} for {@code p [n, K]} (a new array; {@code p} is not changed). */
    static INDArray scaledMinusOneHot(INDArray p, long[] classes, double factor) {
        INDArray out = p.mul(factor);
        for (int i = 0; i < classes.length; i++) {
            out.putScalar(i, classes[i], out.getDouble(i, classes[i]) - factor);
        }
        return out;
    }

    /** A rank-0 array of {@code a}'s dtype holding {@code value}. */
    static INDArray scalarLike(INDArray a, double value) {
        return Nd4j.scalar(a.dataType(), value);
    }

    // ---- reductions

    static INDArray sum(INDArray a, int[] axes, boolean keepDims) {
        if (axes.length == 0) {
            return a.dup();
        }
        INDArray s = axes.length == a.rank() ? a.sum(keepDims) : a.sum(keepDims, axes);
        return s;
    }

    static INDArray max(INDArray a, int axis, boolean keepDims) {
        return a.max(keepDims, axis);
    }

    /** {@code a} with ±∞ and NaN replaced by 0, in place ({@code a} must be a fresh array). */
    static INDArray finiteOrZero(INDArray a) {
        // not Conditions.notFinite(): ND4J 1.0.0-M2.1 rejects it ("Undefined boolean operation: [15]") and does nothing
        BooleanIndexing.replaceWhere(a, 0.0, Conditions.isInfinite());
        BooleanIndexing.replaceWhere(a, 0.0, Conditions.isNan());
        return a;
    }

    static INDArray argmax(INDArray a, int axis) {
        return a.argMax(axis);
    }

    /**
     * Sums the broadcast axes away so that the result has shape {@code to} (see {@link Shapes#canSumTo}).
     * When nothing needs summing (only axes of size 1 go), the result is a reshaped view of {@code a}.
     */
    static INDArray sumToShape(INDArray a, long[] to) {
        int[] axes = Shapes.axesSummedTo(a.shape(), to);
        if (axes.length == 0) {
            return a.reshape(to);
        }
        if (Arrays.equals(Shapes.reduced(a.shape(), axes, false), to)) {
            return a.sum(false, axes);      // e.g. a bias gradient [batch, n] -> [n]: one call, no reshape
        }
        return a.sum(true, axes).reshape(to);
    }

    static INDArray broadcastTo(INDArray a, long[] shape) {
        if (Arrays.equals(a.shape(), shape)) {
            return a;
        }
        INDArray same = a.rank() == shape.length ? a : a.reshape(paddedShape(a.shape(), shape.length));
        return same.broadcast(shape);
    }

    private static long[] paddedShape(long[] shape, int rank) {
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    // ---- linear algebra

    /** {@code op(a)·op(b)} for rank-2 operands, by one gemm with transpose flags (no copies). */
    static INDArray gemm(INDArray a, INDArray b, boolean transA, boolean transB) {
        return Nd4j.gemm(a, b, transA, transB);
    }

    /** Batched {@code op(a)·op(b)} over equal leading dimensions. */
    static INDArray batchedMatmul(INDArray a, INDArray b, boolean transA, boolean transB) {
        return Nd4j.matmul(a, b, transA, transB, false);
    }

    // ---- shape

    static INDArray reshape(INDArray a, long[] shape) {
        return a.reshape('c', shape);
    }

    static INDArray permute(INDArray a, int[] dims) {
        return a.permute(dims);
    }

    static INDArray concat(int axis, INDArray[] arrays) {
        return Nd4j.concat(axis, arrays);
    }

    static INDArray cast(INDArray a, DataType dtype) {
        return a.castTo(dtype);
    }

    /** Ones of {@code a}'s shape and dtype; for one element a scalar buffer (no op to execute). */
    static INDArray onesLike(INDArray a) {
        if (a.length() == 1) {
            INDArray one = Nd4j.scalar(a.dataType(), 1.0);
            return a.rank() == 0 ? one : one.reshape(a.shape());
        }
        return Nd4j.onesLike(a);
    }

    static INDArray zeros(DataType dtype, long[] shape) {
        return Nd4j.zeros(dtype, shape);
    }

    // ---- indexing

    /** Elements {@code [start, end)} along {@code axis}, as a fresh array. */
    static INDArray slice(INDArray a, int axis, long start, long end) {
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i == axis ? NDArrayIndex.interval(start, end) : NDArrayIndex.all();
        }
        return a.get(index).dup('c');
    }

    /** Zeros of {@code shape} with {@code part} placed at {@code [start, start + part.size(axis))} along {@code axis}. */
    static INDArray embed(INDArray part, long[] shape, int axis, long start) {
        INDArray out = Nd4j.zeros(part.dataType(), shape);
        INDArrayIndex[] index = new INDArrayIndex[shape.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i == axis ? NDArrayIndex.interval(start, start + part.size(axis)) : NDArrayIndex.all();
        }
        out.get(index).assign(part);
        return out;
    }

    /** Rows (entries along axis 0) {@code a[index[0]], a[index[1]], …}. */
    static INDArray selectRows(INDArray a, long[] index) {
        if (index.length > 0 && HostKernels.canCopyRows(a)) {
            return HostKernels.copyRows(a, index);
        }
        long rows = a.size(0);
        long rest = a.length() / Math.max(rows, 1);
        int[] ints = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            ints[i] = Math.toIntExact(index[i]);
        }
        INDArray flat = a.reshape('c', rows, rest);
        INDArray picked = Nd4j.pullRows(flat, 1, ints);
        long[] shape = a.shape().clone();
        shape[0] = index.length;
        return picked.reshape('c', shape);
    }

    /** Zeros with {@code rows} entries along axis 0, and {@code g[i]} added to row {@code index[i]} (repeats add up). */
    static INDArray addRows(INDArray g, long[] index, long rows) {
        long[] shape = g.shape().clone();
        shape[0] = rows;
        double[] src = g.dup('c').data().asDouble();
        double[] out = new double[Math.toIntExact(Shapes.length(shape))];
        int rest = index.length == 0 ? 0 : src.length / index.length;
        for (int i = 0; i < index.length; i++) {
            int to = Math.toIntExact(index[i]) * rest;
            for (int j = 0; j < rest; j++) {
                out[to + j] += src[i * rest + j];
            }
        }
        return Nd4j.create(out, shape, 'c').castTo(g.dataType());
    }

    /** {@code out[..., j, ...] = a[..., index[..., j, ...], ...]} along {@code axis} (NumPy's take_along_axis). */
    static INDArray gather(INDArray a, int axis, long[] index, long[] indexShape) {
        double[] src = a.dup('c').data().asDouble();
        double[] out = new double[index.length];
        AxisWalk walk = new AxisWalk(a.shape(), indexShape, axis);
        for (int k = 0; k < index.length; k++) {
            out[k] = src[walk.sourceOffset(k, index[k])];
        }
        return Nd4j.create(out, indexShape, 'c').castTo(a.dataType());
    }

    /** Zeros of {@code shape} with {@code g[..., j, ...]} added at {@code index[..., j, ...]} along {@code axis}. */
    static INDArray scatterAdd(INDArray g, int axis, long[] index, long[] shape) {
        double[] src = g.dup('c').data().asDouble();
        double[] out = new double[Math.toIntExact(Shapes.length(shape))];
        AxisWalk walk = new AxisWalk(shape, g.shape(), axis);
        for (int k = 0; k < index.length; k++) {
            out[walk.sourceOffset(k, index[k])] += src[k];
        }
        return Nd4j.create(out, shape, 'c').castTo(g.dataType());
    }

    /** Maps a c-order position in an index array to the c-order offset it addresses in the source array. */
    private static final class AxisWalk {
        private final long[] sourceStrides;
        private final long[] indexShape;
        private final int axis;

        AxisWalk(long[] sourceShape, long[] indexShape, int axis) {
            this.indexShape = indexShape;
            this.axis = axis;
            this.sourceStrides = new long[sourceShape.length];
            long stride = 1;
            for (int i = sourceShape.length - 1; i >= 0; i--) {
                sourceStrides[i] = stride;
                stride *= sourceShape[i];
            }
        }

        int sourceOffset(long position, long indexValue) {
            long offset = 0;
            long rest = position;
            for (int i = indexShape.length - 1; i >= 0; i--) {
                long coordinate = rest % indexShape[i];
                rest /= indexShape[i];
                offset += (i == axis ? indexValue : coordinate) * sourceStrides[i];
            }
            return Math.toIntExact(offset);
        }
    }

    /** The values of an integer array in {@code c} order (no copy through ND4J when it is its dense buffer). */
    static long[] longs(INDArray indices) {
        return (HostKernels.isDenseRowMajor(indices) ? indices : indices.dup('c')).data().asLong();
    }
}
