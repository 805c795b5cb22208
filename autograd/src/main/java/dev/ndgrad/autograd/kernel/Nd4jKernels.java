package dev.ndgrad.autograd.kernel;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.controlflow.Select;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The kernels on ND4J: every backend (the CUDA profile runs only these), every dtype, and arrays too
 * large to copy to the host. Operands on the host are copied into ND4J arrays (never moved: the
 * caller's storage stays where it is); results are ND4J storages. Each method computes what its
 * {@link HostElementwise}/{@link HostReductions}/{@link HostShapes}/{@link Blas} twin computes.
 */
final class Nd4jKernels {

    private Nd4jKernels() {}

    /** The operand as an INDArray: its own array for ND4J storage, a copy for host storage. */
    static INDArray nd(Storage x) {
        INDArray a = x.currentArray();
        return a != null ? a : x.copyToINDArray();
    }

    private static Storage out(INDArray a) {
        return Storage.wrap(a);
    }

    // ---- elementwise

    static Storage unary(UnaryFn f, Storage x) {
        INDArray a = nd(x);
        switch (f) {
            case NEG:
                return out(a.neg());
            case EXP:
                return out(Transforms.exp(a, true));
            case LOG:
                return out(Transforms.log(a, true));
            case SQRT:
                return out(Transforms.sqrt(a, true));
            case ABS:
                return out(Transforms.abs(a, true));
            case SIGN:
                return out(Transforms.sign(a, true));
            case SIGMOID:
                return out(Transforms.sigmoid(a, true));
            case TANH:
                return out(Transforms.tanh(a, true));
            case RELU:
                return out(Transforms.relu(a, true));
            case SOFTPLUS: {
                INDArray tail = Transforms.log1p(Transforms.exp(Transforms.abs(a, true).negi(), false), false);
                return out(Transforms.relu(a, true).addi(tail));
            }
            case SIN:
                return out(Transforms.sin(a, true));
            case COS:
                return out(Transforms.cos(a, true));
            case ERF:
                return out(erf(a));
            case GELU:
                return out(erf(a.mul(UnaryFn.SQRT_HALF)).addi(1).muli(a).muli(0.5));
            case GELU_TANH: {
                INDArray inner = a.mul(a).muli(a).muli(UnaryFn.GELU_CUBIC).addi(a).muli(UnaryFn.SQRT_TWO_OVER_PI);
                return out(Transforms.tanh(inner, false).addi(1).muli(a).muli(0.5));
            }
            case SILU:
                return out(Transforms.sigmoid(a, true).muli(a));
            case POSITIVE_MASK:
                return out(step(a, 0));
            case FINITE_OR_ZERO: {
                INDArray finite = a.dup();
                // not Conditions.notFinite(): ND4J 1.0.0-M2.1 rejects it ("Undefined boolean operation")
                BooleanIndexing.replaceWhere(finite, 0.0, Conditions.isInfinite());
                BooleanIndexing.replaceWhere(finite, 0.0, Conditions.isNan());
                return out(finite);
            }
            default:
                throw new AssertionError(f);
        }
    }

    /** ND4J's erf (the C library's, correctly rounded to within an ulp) into a new array. */
    private static INDArray erf(INDArray a) {
        INDArray result = Nd4j.createUninitialized(a.dataType(), a.shape());
        Nd4j.exec(new Erf(a, result));
        return result;
    }

    /** {@code x > c ? 1 : 0} in x's (floating) dtype, as one op. */
    private static INDArray step(INDArray a, double c) {
        INDArray result = Nd4j.createUninitialized(a.dataType(), a.shape());
        Nd4j.exec(new Step(a, result, c));
        return result;
    }

    static Storage scalar(ScalarFn f, Storage x, double c, DataType outType) {
        INDArray a = nd(x);
        if (c != c && (f == ScalarFn.ADD || f == ScalarFn.MUL || f == ScalarFn.RSUB || f == ScalarFn.RDIV
                || f == ScalarFn.POW)) {
            // ND4J's scalar ops replace a NaN operand by 1e-5; the arithmetic answer is NaN everywhere
            return full(a.dataType(), a.shape(), Double.NaN);
        }
        switch (f) {
            case ADD:
                return out(a.add(c));
            case MUL:
                return out(a.mul(c));
            case RSUB:
                return out(a.rsub(c));
            case RDIV:
                return out(a.rdiv(c));
            case POW:
                return out(c == 2 ? a.mul(a) : Transforms.pow(a, c, true));
            case LEAKY_RELU:
                return out(Transforms.leakyRelu(a, c, true));
            case LEAKY_RELU_SLOPE:
                return out(step(a, 0).muli(1 - c).addi(c));
            case ELU:
                // relu(a) + c·expm1(min(a, 0)): a where a > 0, c(eᵃ − 1) elsewhere
                return out(Transforms.expm1(Transforms.min(a, 0, true), false).muli(c).addi(Transforms.relu(a, true)));
            case GT:
                return out(a.dataType().isFPType() ? step(a, c) : a.gt(c).castTo(outType));
            case GE:
                return out(a.gte(c).castTo(outType));
            case LT:
                return out(a.lt(c).castTo(outType));
            case LE:
                return out(a.lte(c).castTo(outType));
            case EQ:
                return out(a.eq(c).castTo(outType));
            case NE:
                return out(a.neq(c).castTo(outType));
            case MAXIMUM:
                return out(Transforms.max(a, c, true));
            case MINIMUM:
                return out(Transforms.min(a, c, true));
            default:
                throw new AssertionError(f);
        }
    }

    static Storage binary(BinaryFn f, Storage x, Storage y, long[] shape, DataType outType) {
        INDArray a = nd(x);
        INDArray b = nd(y);
        switch (f) {
            case ADD:
                return out(padRank(a, b.rank()).add(padRank(b, a.rank())));
            case SUB:
                return out(padRank(a, b.rank()).sub(padRank(b, a.rank())));
            case MUL:
                return out(padRank(a, b.rank()).mul(padRank(b, a.rank())));
            case DIV:
                return out(padRank(a, b.rank()).div(padRank(b, a.rank())));
            case POW:
                return out(Transforms.pow(broadcastTo(a, shape), broadcastTo(b, shape), true));
            case MAXIMUM:
                return out(Transforms.max(broadcastTo(a, shape), broadcastTo(b, shape), true));
            case MINIMUM:
                return out(Transforms.min(broadcastTo(a, shape), broadcastTo(b, shape), true));
            case TANH_GRAD: {
                INDArray t = broadcastTo(a, shape);
                return out(t.mul(t).rsubi(1).muli(broadcastTo(b, shape)));
            }
            case SIGMOID_GRAD: {
                INDArray t = broadcastTo(a, shape);
                return out(t.rsub(1).muli(t).muli(broadcastTo(b, shape)));
            }
            case RELU_GRAD: {
                // a ≤ 0 ? 0 : b, selected (not b·[a > 0], which makes an infinite b NaN); b at a NaN a, as PyTorch
                INDArray result = Nd4j.createUninitialized(b.dataType(), shape);
                Nd4j.exec(new Select(new INDArray[] {broadcastTo(a, shape).lte(0), Nd4j.zeros(b.dataType(), shape),
                    broadcastTo(b, shape)}, new INDArray[] {result}));
                return out(result);
            }
            default:
                return out(compare(f, broadcastTo(a, shape), broadcastTo(b, shape)).castTo(outType));
        }
    }

    private static INDArray compare(BinaryFn f, INDArray a, INDArray b) {
        switch (f) {
            case GT:
                return a.gt(b);
            case GE:
                return Transforms.or(a.gt(b), a.eq(b));
            case LT:
                return a.lt(b);
            case LE:
                return Transforms.or(a.lt(b), a.eq(b));
            case EQ:
                return a.eq(b);
            case NE:
                return a.neq(b);
            default:
                throw new AssertionError(f);
        }
    }

    /**
     * {@code a} with leading axes of size 1 up to {@code rank} (a view). ND4J's own broadcasting fails for
     * some rank mismatches, e.g. {@code [3] + [2, 1]}; with equal ranks it broadcasts correctly.
     */
    private static INDArray padRank(INDArray a, int rank) {
        return a.rank() >= rank ? a : a.reshape(paddedShape(a.shape(), rank));
    }

    private static long[] paddedShape(long[] shape, int rank) {
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    /** {@code a} repeated to {@code shape}; may be {@code a} itself or a view of it. */
    private static INDArray broadcastTo(INDArray a, long[] shape) {
        if (Arrays.equals(a.shape(), shape)) {
            return a;
        }
        INDArray same = a.rank() == shape.length ? a : a.reshape(paddedShape(a.shape(), shape.length));
        return same.broadcast(shape);
    }

    static Storage select(Storage mask, Storage x, Storage y, long[] shape) {
        INDArray c = broadcastTo(nd(mask).neq(0), shape);
        INDArray a = broadcastTo(nd(x), shape);
        INDArray b = broadcastTo(nd(y), shape);
        INDArray result = Nd4j.createUninitialized(a.dataType(), shape);
        Nd4j.exec(new Select(new INDArray[] {c.castTo(DataType.BOOL), a, b}, new INDArray[] {result}));
        return out(result);
    }

    static Storage cast(Storage x, DataType dtype) {
        return out(nd(x).castTo(dtype));
    }

    // ---- reductions

    static Storage sum(Storage x, int[] axes, boolean keepDims) {
        INDArray a = nd(x);
        if (axes.length == 0) {
            return out(a.dup());
        }
        INDArray s = axes.length == a.rank() ? a.sum(keepDims) : a.sum(keepDims, axes);
        return out(s);
    }

    static Storage max(Storage x, int axis, boolean keepDims) {
        return out(nd(x).max(keepDims, axis));
    }

    static Storage argmax(Storage x, int axis) {
        return out(nd(x).argMax(axis).castTo(DataType.LONG));
    }

    static Storage softmax(Storage x, int axis, boolean log) {
        INDArray a = nd(x);
        INDArray shifted = a.sub(a.max(true, axis));
        if (log) {
            INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, axis), false);
            return out(shifted.subi(logSum));
        }
        INDArray e = Transforms.exp(shifted, false);
        return out(e.divi(e.sum(true, axis)));
    }

    static Kernels.SoftmaxCrossEntropy softmaxCrossEntropy(Storage z, long[] classes) {
        INDArray a = nd(z);
        INDArray shifted = a.sub(a.max(true, 1));
        double picked = 0;
        for (int i = 0; i < classes.length; i++) {
            picked += shifted.getDouble(i, classes[i]);
        }
        INDArray e = Transforms.exp(shifted, false);
        INDArray sum = e.sum(true, 1);
        INDArray softmax = e.divi(sum);
        double logSums = Transforms.log(sum, false).sumNumber().doubleValue();
        return new Kernels.SoftmaxCrossEntropy(logSums - picked, out(softmax));
    }

    static double binaryCrossEntropy(Storage a, Storage t, double eps) {
        INDArray p = nd(a);
        INDArray y = nd(t);
        INDArray logA = Transforms.log(Transforms.min(Transforms.max(p, eps, true), 1, false), false);
        INDArray logB = Transforms.log(Transforms.min(Transforms.max(p.rsub(1), eps, false), 1, false), false);
        return -logA.muli(y).addi(logB.muli(y.rsub(1))).sumNumber().doubleValue();
    }

    static Storage scaledMinusOneHot(Storage p, long[] classes, double factor) {
        INDArray result = nd(p).mul(factor);
        for (int i = 0; i < classes.length; i++) {
            result.putScalar(i, classes[i], result.getDouble(i, classes[i]) - factor);
        }
        return out(result);
    }

    static Storage broadcastTo(Storage x, long[] shape) {
        INDArray a = nd(x);
        INDArray b = broadcastTo(a, shape);
        return out(b == a || Nd4jArrays.sameMemory(a, b) ? b.dup('c') : b);
    }

    // ---- linear algebra

    static Storage matmul(Storage x, Storage y, boolean transA, boolean transB, long[] outShape) {
        INDArray a = nd(x);
        INDArray b = nd(y);
        if (a.rank() == 2 && b.rank() == 2) {
            return out(Nd4j.gemm(a, b, transA, transB));
        }
        if (b.rank() == 2 && !transA) {
            long[] shape = a.shape();
            INDArray flat = a.reshape('c', -1, shape[shape.length - 1]);
            return out(Nd4j.gemm(flat, b, false, transB).reshape('c', outShape));
        }
        long[] batch = Arrays.copyOf(outShape, outShape.length - 2);
        return out(Nd4j.matmul(broadcastTo(a, withMatrix(batch, a.shape())), broadcastTo(b, withMatrix(batch, b.shape())),
                transA, transB, false));
    }

    static Storage linear(Storage x, Storage w, Storage b, long[] outShape) {
        INDArray a = nd(x);
        INDArray flat = a.rank() == 2 ? a : a.reshape('c', -1, a.size(-1));
        INDArray y = Nd4j.gemm(flat, nd(w), false, true).addiRowVector(nd(b));
        return out(Arrays.equals(y.shape(), outShape) ? y : y.reshape('c', outShape));
    }

    private static long[] withMatrix(long[] batch, long[] shape) {
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = shape[shape.length - 2];
        out[batch.length + 1] = shape[shape.length - 1];
        return out;
    }

    // ---- sliding windows

    /** ND4J's {@code im2col} ({@code [N, C, kh, kw, oh, ow]}), read as {@code [N, C·K, L]}. */
    static Storage unfold(Storage x, Patches p) {
        INDArray a = Nd4jArrays.isDenseRowMajor(nd(x)) ? nd(x) : nd(x).dup('c');
        long n = a.size(0);
        long c = a.size(1);
        INDArray cols = Nd4j.create(a.dataType(), n, c, p.kernelH(), p.kernelW(), p.outH(), p.outW());
        DynamicCustomOp op = DynamicCustomOp.builder("im2col").addInputs(a).addOutputs(cols)
                .addIntegerArguments(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW(),
                        p.dilationH(), p.dilationW(), 0)
                .build();
        Nd4j.exec(op);
        return out(cols.reshape('c', n, c * p.kernelSize(), p.windows()));
    }

    /** ND4J's {@code col2im}: {@code [N, C·K, L]} read as {@code [N, C, kh, kw, oh, ow]}, summed into the image. */
    static Storage fold(Storage cols, Patches p) {
        INDArray a = nd(cols);
        long n = a.size(0);
        long c = a.size(1) / p.kernelSize();
        INDArray six = (Nd4jArrays.isDenseRowMajor(a) ? a : a.dup('c'))
                .reshape('c', n, c, p.kernelH(), p.kernelW(), p.outH(), p.outW());
        INDArray image = Nd4j.create(a.dataType(), n, c, p.height(), p.width());
        DynamicCustomOp op = DynamicCustomOp.builder("col2im").addInputs(six).addOutputs(image)
                .addIntegerArguments(p.strideH(), p.strideW(), p.padH(), p.padW(), (int) p.height(), (int) p.width(),
                        p.dilationH(), p.dilationW(), 0)
                .build();
        Nd4j.exec(op);
        return out(image);
    }

    // ---- moving elements

    static Storage copy(Storage x) {
        return out(nd(x).dup('c'));
    }

    static Storage permute(Storage x, int[] dims) {
        return out(nd(x).permute(dims).dup('c'));
    }

    static Storage slice(Storage x, int axis, long start, long end) {
        INDArray a = nd(x);
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i == axis ? NDArrayIndex.interval(start, end) : NDArrayIndex.all();
        }
        return out(a.get(index).dup('c'));
    }

    static Storage embed(Storage part, long[] shape, int axis, long start) {
        INDArray p = nd(part);
        INDArray result = Nd4j.zeros(p.dataType(), shape);
        INDArrayIndex[] index = new INDArrayIndex[shape.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i == axis ? NDArrayIndex.interval(start, start + p.size(axis)) : NDArrayIndex.all();
        }
        result.get(index).assign(p);
        return out(result);
    }

    static Storage concat(int axis, Storage[] parts) {
        INDArray[] arrays = new INDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            arrays[i] = nd(parts[i]);
        }
        return out(arrays.length == 1 ? arrays[0].dup() : Nd4j.concat(axis, arrays));
    }

    static Storage indexSelect(Storage x, long[] index) {
        INDArray a = Nd4jArrays.isDenseRowMajor(nd(x)) ? nd(x) : nd(x).dup('c');
        long rows = a.size(0);
        long rest = a.length() / Math.max(rows, 1);
        int[] ints = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            ints[i] = Math.toIntExact(index[i]);
        }
        INDArray picked = Nd4j.pullRows(a.reshape('c', rows, rest), 1, ints);
        long[] shape = a.shape().clone();     // ND4J hands out its own shape array
        shape[0] = index.length;
        return out(picked.reshape('c', shape));
    }

    /** The remaining index kernels have no ND4J op that does them in one call; they run as host loops. */
    static Storage viaHost(Storage hostResult) {
        return out(hostResult.copyToINDArray());
    }

    // ---- in place

    static void addInPlace(Storage target, Storage addend) {
        target.toINDArray().addi(nd(addend));
    }

    static void axpyInPlace(double alpha, Storage x, Storage target) {
        target.toINDArray().addi(nd(x).mul(alpha));
    }

    static void scaleInPlace(Storage target, double c) {
        target.toINDArray().muli(c);
    }

    static void assign(Storage target, Storage source) {
        target.toINDArray().assign(nd(source));
    }

    // ---- factories

    static Storage zeros(DataType dtype, long[] shape) {
        return out(Nd4j.zeros(dtype, shape));
    }

    /** Every element {@code value} (not {@code zeros().addi(value)}: ND4J turns an added NaN into 1e-5). */
    static Storage full(DataType dtype, long[] shape, double value) {
        return out(Nd4j.valueArrayOf(shape, value, dtype));
    }

    static Storage fromDoubles(DataType dtype, double[] values, long[] shape) {
        INDArray a = values.length == 0 ? Nd4j.create(DataType.DOUBLE, shape) : Nd4j.create(values, shape, 'c');
        return out(a.castTo(dtype));
    }
}
