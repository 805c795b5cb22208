package dev.ndgrad.autograd.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one layer through which ndgrad computes on arrays: op forwards and backwards, the engine's
 * gradient accumulation, optimizer updates and layers' bookkeeping all call these. Each call runs on
 * the host path or on ND4J as {@link KernelPath} decides, and both compute the same values.
 *
 * <p>Arguments are validated by the callers (ops name themselves in their errors; a kernel assumes
 * shapes and dtypes that fit). Results are new storages unless a method says it may return a view
 * ({@link #reshape}, {@link #sumToShape}); the {@code *InPlace} methods change their first argument,
 * which the caller must own.
 *
 * <p>Empty arrays (a dimension of size 0) never reach a computing kernel: a result with no elements, or a sum
 * of no elements (0), is made directly as zeros of its shape, on either path. ND4J refuses most ops on empty
 * arrays, and there is nothing to compute.
 */
public final class Kernels {

    private Kernels() {}

    /** The value of a softmax cross-entropy over a batch, and the softmax it computed on the way. */
    public record SoftmaxCrossEntropy(double total, Storage softmax) {}

    // ------------------------------------------------------------------ elementwise

    /** {@code f(x)} elementwise. */
    public static Storage unary(UnaryFn f, Storage x) {
        if (x.length() == 0) {
            return zeros(x.dtype(), x.shapeRef());
        }
        return KernelPath.onHost(x) ? HostElementwise.unary(f, x) : Nd4jKernels.unary(f, x);
    }

    /** {@code f(x, c)} elementwise; comparisons give a 0/1 mask (see {@link #maskType}). */
    public static Storage scalar(ScalarFn f, Storage x, double c) {
        DataType type = f.isComparison() ? maskType(x) : x.dtype();
        if (x.length() == 0) {
            return zeros(type, x.shapeRef());
        }
        return KernelPath.onHost(x) ? HostElementwise.scalar(f, x, c, type) : Nd4jKernels.scalar(f, x, c, type);
    }

    /** {@code f(a, b)} elementwise with NumPy broadcasting; comparisons give a 0/1 mask. */
    public static Storage binary(BinaryFn f, Storage a, Storage b) {
        long[] shape = Arrays.equals(a.shapeRef(), b.shapeRef()) ? a.shapeRef().clone()
                : Shapes.broadcast(f.name().toLowerCase(), a.shapeRef(), b.shapeRef());
        DataType type = f.isComparison() ? maskType(a) : a.dtype();
        if (Shapes.length(shape) == 0) {
            return zeros(type, shape);
        }
        if (KernelPath.onHost(a, b)) {
            return HostElementwise.binary(f, a, b, shape, type);
        }
        return Nd4jKernels.binary(f, a, b, shape, type);
    }

    /** The dtype of a comparison's mask: the operand's if it is floating, else the default floating dtype. */
    public static DataType maskType(Storage a) {
        return a.dtype().isFPType() ? a.dtype() : Storage.defaultFloating();
    }

    /** {@code mask ≠ 0 ? a : b} elementwise, broadcasting all three (an unselected ±∞ or NaN does not leak). */
    public static Storage select(Storage mask, Storage a, Storage b) {
        long[] shape = Shapes.broadcast("where", mask.shapeRef(), Shapes.broadcast("where", a.shapeRef(), b.shapeRef()));
        if (Shapes.length(shape) == 0) {
            return zeros(a.dtype(), shape);
        }
        if (KernelPath.onHost(mask, a, b)) {
            return HostElementwise.select(mask, a, b, shape);
        }
        return Nd4jKernels.select(mask, a, b, shape);
    }

    /** {@code min(max(x, lo), hi)}. */
    public static Storage clamp(Storage x, double lo, double hi) {
        return scalar(ScalarFn.MINIMUM, scalar(ScalarFn.MAXIMUM, x, lo), hi);
    }

    /** 1 where {@code lo ≤ x ≤ hi}, else 0 (clamp's derivative). */
    public static Storage insideMask(Storage x, double lo, double hi) {
        return binary(BinaryFn.MUL, scalar(ScalarFn.GE, x, lo), scalar(ScalarFn.LE, x, hi));
    }

    /** The values in {@code dtype}. */
    public static Storage cast(Storage x, DataType dtype) {
        if (x.length() == 0) {
            return zeros(dtype, x.shapeRef());
        }
        if (KernelPath.onHost(x) && HostBuffer.supports(dtype)) {
            return HostElementwise.cast(x, dtype);
        }
        return Nd4jKernels.cast(x, dtype);
    }

    // ------------------------------------------------------------------ reductions

    /** Σ over {@code axes} (sorted, distinct, in range; empty: a copy). */
    public static Storage sum(Storage x, int[] axes, boolean keepDims) {
        if (x.length() == 0) {
            return zeros(x.dtype(), Shapes.reduced(x.shapeRef(), axes, keepDims));     // a sum of nothing is 0
        }
        if (KernelPath.onHost(x)) {
            return HostReductions.sum(x, axes, keepDims);
        }
        return Nd4jKernels.sum(x, axes, keepDims);
    }

    /** The maximum along {@code axis} (which must not be empty). */
    public static Storage max(Storage x, int axis, boolean keepDims) {
        if (x.length() == 0) {
            return zeros(x.dtype(), Shapes.reduced(x.shapeRef(), new int[] {axis}, keepDims));
        }
        return KernelPath.onHost(x) ? HostReductions.max(x, axis, keepDims) : Nd4jKernels.max(x, axis, keepDims);
    }

    /** The index of the first maximum along {@code axis}, as LONG. */
    public static Storage argmax(Storage x, int axis) {
        if (x.length() == 0) {
            return zeros(DataType.LONG, Shapes.reduced(x.shapeRef(), new int[] {axis}, false));
        }
        return KernelPath.onHost(x) ? HostReductions.argmax(x, axis) : Nd4jKernels.argmax(x, axis);
    }

    /** {@code e^{x − max} / Σ e^{x − max}} along {@code axis}. */
    public static Storage softmax(Storage x, int axis) {
        if (x.length() == 0) {
            return zeros(x.dtype(), x.shapeRef());
        }
        return KernelPath.onHost(x) ? HostReductions.softmax(x, axis, false) : Nd4jKernels.softmax(x, axis, false);
    }

    /** {@code x − max − ln Σ e^{x − max}} along {@code axis}. */
    public static Storage logSoftmax(Storage x, int axis) {
        if (x.length() == 0) {
            return zeros(x.dtype(), x.shapeRef());
        }
        return KernelPath.onHost(x) ? HostReductions.softmax(x, axis, true) : Nd4jKernels.softmax(x, axis, true);
    }

    /** Softmax cross-entropy of logits {@code z [n, K]} at {@code classes} (each in {@code [0, K)}), summed. */
    public static SoftmaxCrossEntropy softmaxCrossEntropy(Storage z, long[] classes) {
        if (z.length() == 0) {
            return new SoftmaxCrossEntropy(0, zeros(z.dtype(), z.shapeRef()));
        }
        return KernelPath.onHost(z) ? HostReductions.softmaxCrossEntropy(z, classes)
                : Nd4jKernels.softmaxCrossEntropy(z, classes);
    }

    /**
     * {@code Σ −[t·ln c(a) + (1 − t)·ln c(1 − a)]} with {@code c(v) = min(max(v, eps), 1)}, for probabilities
     * {@code a} and targets {@code t} of one shape, accumulated in double.
     */
    public static double binaryCrossEntropy(Storage a, Storage t, double eps) {
        if (a.length() == 0) {
            return 0;               // a sum of nothing
        }
        if (!KernelPath.onHost(a, t)) {
            return Nd4jKernels.binaryCrossEntropy(a, t, eps);
        }
        Vec p = Vec.of(a);
        Vec y = Vec.of(t);
        double total = 0;
        for (int i = 0; i < p.length(); i++) {
            double ai = p.get(i);
            double yi = y.get(i);
            double logA = Math.log(Math.min(Math.max(ai, eps), 1));
            double logB = Math.log(Math.min(Math.max(1 - ai, eps), 1));
            total -= yi * logA + (1 - yi) * logB;
        }
        return total;
    }

    /** {@code factor · (p − onehot(classes))} for {@code p [n, K]}. */
    public static Storage scaledMinusOneHot(Storage p, long[] classes, double factor) {
        if (p.length() == 0) {
            return zeros(p.dtype(), p.shapeRef());
        }
        return KernelPath.onHost(p) ? HostReductions.scaledMinusOneHot(p, classes, factor)
                : Nd4jKernels.scaledMinusOneHot(p, classes, factor);
    }

    /**
     * {@code x} summed over the axes broadcasting added, down to {@code shape} (which must broadcast to x's
     * shape). When nothing is summed (only axes of size 1 go) the result is a reshaped view of {@code x}.
     */
    public static Storage sumToShape(Storage x, long[] shape) {
        int[] axes = Shapes.axesSummedTo(x.shapeRef(), shape);
        if (axes.length == 0) {
            return x.reshape(shape);
        }
        return sum(x, axes, true).reshape(shape);
    }

    /** {@code x} repeated to {@code shape} (NumPy's broadcast_to), always as a new array. */
    public static Storage broadcastTo(Storage x, long[] shape) {
        if (Shapes.length(shape) == 0) {
            return zeros(x.dtype(), shape);
        }
        if (KernelPath.onHost(x)) {
            return HostReductions.broadcastTo(x, shape);
        }
        return Nd4jKernels.broadcastTo(x, shape);
    }

    // ------------------------------------------------------------------ linear algebra

    /**
     * {@code op(a)·op(b)}, where op transposes the last two axes when its flag is set, batched over leading
     * axes with NumPy broadcasting (operands of rank ≥ 2, inner dimensions already checked to agree).
     */
    public static Storage matmul(Storage a, Storage b, boolean transA, boolean transB) {
        return matmul(a, b, transA, transB, false);
    }

    /**
     * {@link #matmul(Storage, Storage, boolean, boolean)} whose result, when large, OpenBLAS writes straight into
     * a pooled native array instead of a JVM array: for a product whose consumer works on native memory too (a
     * weight's gradient, which plain SGD applies with {@code axpy} to the weight where the products read it).
     */
    public static Storage matmul(Storage a, Storage b, boolean transA, boolean transB, boolean nativeResult) {
        long[] shape = matmulShape(a.shapeRef(), b.shapeRef(), transA, transB);
        if (Shapes.length(shape) == 0 || a.length() == 0 || b.length() == 0) {
            return zeros(a.dtype(), shape);
        }
        if (KernelPath.onHostGemm(a, b) && a.dtype() == b.dtype()) {
            return Blas.matmul(a, b, transA, transB, shape, nativeResult);
        }
        return Nd4jKernels.matmul(a, b, transA, transB, shape);
    }

    /** {@code x·wᵀ + b} for {@code x [..., in]}, {@code w [out, in]}, {@code b [out]} (shapes already checked). */
    public static Storage linear(Storage x, Storage w, Storage b) {
        long[] shape = x.shape();
        shape[shape.length - 1] = w.size(0);
        if (Shapes.length(shape) == 0 || x.length() == 0 || w.length() == 0) {
            return broadcastTo(b, shape);
        }
        if (KernelPath.onHostGemm(x, w, b) && x.dtype() == w.dtype() && b.dtype() == w.dtype()) {
            return Blas.linear(x, w, b, shape);
        }
        return Nd4jKernels.linear(x, w, b, shape);
    }

    /** The shape of {@code op(a)·op(b)} (batch axes broadcast). */
    public static long[] matmulShape(long[] a, long[] b, boolean transA, boolean transB) {
        long[] batch = Shapes.broadcast("matmul (batch dimensions)", Arrays.copyOf(a, a.length - 2),
                Arrays.copyOf(b, b.length - 2));
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = transA ? a[a.length - 1] : a[a.length - 2];
        out[batch.length + 1] = transB ? b[b.length - 2] : b[b.length - 1];
        return out;
    }

    // ------------------------------------------------------------------ sliding windows

    /**
     * im2col: {@code x [N, C, H, W] → [N, C·K, L]} for the windows {@code p} (over {@code H × W}, at least one), in
     * PyTorch's {@code unfold} layout: row {@code c·K + ki·kernelW + kj}, column {@code oy·outW + ox}, zeros where a
     * window lies on the padding.
     */
    public static Storage unfold(Storage x, Patches p) {
        if (KernelPath.onHost(x) || (x.length() == 0 && hostable(x, x))) {
            return onPath(HostPatches.unfold(x, p));
        }
        return Nd4jKernels.unfold(x, p);
    }

    /** col2im, the adjoint of {@link #unfold}: {@code cols [N, C·K, L] → [N, C, H, W]}, overlapping entries summed. */
    public static Storage fold(Storage cols, Patches p) {
        if (KernelPath.onHost(cols) || (cols.length() == 0 && hostable(cols, cols))) {
            return onPath(HostPatches.fold(cols, p));
        }
        return Nd4jKernels.fold(cols, p);
    }

    /** Max pooling's values and, per window, the offset within its plane of the element they came from. */
    public record MaxPool(Storage values, Storage indices) {}

    /**
     * Max pooling of {@code x [N, C, H, W]} over the windows {@code p}: the values {@code [N, C, outH, outW]} and the
     * offset within its {@code H·W} plane of each window's maximum, as LONG {@code [N·C, L]}: the first maximum in
     * the window's row-major order (a NaN counts as the maximum), as PyTorch's {@code max_pool2d}. Every window
     * must reach into the image. Index kernels run as host loops on both paths, as the other index kernels do.
     */
    public static MaxPool maxPool2d(Storage x, Patches p) {
        HostPatches.Pooled pooled = HostPatches.maxPool(hostCopy(x), p);
        return new MaxPool(onPath(pooled.values()), onPath(pooled.indices()));
    }

    /**
     * Zeros of {@code shape [N, C, H, W]} with each entry of {@code g [N, C, outH, outW]} added at the plane offset
     * {@code indices} gives for its window (max pooling's backward).
     */
    public static Storage maxPoolScatter(Storage g, Storage indices, long[] shape) {
        return onPath(HostPatches.maxPoolScatter(hostCopy(g), longs(indices), shape));
    }

    // ------------------------------------------------------------------ moving elements

    /**
     * The values as host storage (a copy, whatever the size; the storage itself if it is already on the host), for
     * data that will be computed on many times, such as a data set's arrays; ND4J storage where there is no host
     * path (another backend, a dtype the host does not hold, the host path turned off).
     */
    public static Storage toHost(Storage x) {
        if (x.isHost() || !KernelPath.hostEnabled() || !HostBuffer.supports(x.dtype())) {
            return x;
        }
        switch (x.dtype()) {        // an ND4J storage's floats()/doubles()/longs() are already new arrays
            case FLOAT:
                return Storage.ofFloats(x.floats(), x.shape());
            case DOUBLE:
                return Storage.ofDoubles(x.doubles(), x.shape());
            default:
                return Storage.ofLongs(x.longs(), x.shape());
        }
    }

    /** A new array holding the same values. */
    public static Storage copy(Storage x) {
        if (x.length() == 0) {
            return zeros(x.dtype(), x.shapeRef());
        }
        if (KernelPath.onHost(x)) {
            return HostShapes.copy(x);
        }
        return Nd4jKernels.copy(x);
    }

    /** The same elements in another shape: a view (shares memory). */
    public static Storage reshape(Storage x, long[] shape) {
        return x.reshape(shape);
    }

    /** Output axis {@code i} is input axis {@code dims[i]}; a new array. */
    public static Storage permute(Storage x, int[] dims) {
        if (x.length() == 0) {
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = x.size(dims[i]);
            }
            return zeros(x.dtype(), shape);
        }
        return KernelPath.onHost(x) ? HostShapes.permute(x, dims) : Nd4jKernels.permute(x, dims);
    }

    /** Elements {@code [start, end)} along {@code axis}; a new array. */
    public static Storage slice(Storage x, int axis, long start, long end) {
        if (x.length() == 0 || start == end) {
            long[] shape = x.shape();
            shape[axis] = end - start;
            return zeros(x.dtype(), shape);
        }
        if (KernelPath.onHost(x)) {
            return HostShapes.slice(x, axis, start, end);
        }
        return Nd4jKernels.slice(x, axis, start, end);
    }

    /** Zeros of {@code shape} with {@code part} placed at {@code start} along {@code axis} (slice's adjoint). */
    public static Storage embed(Storage part, long[] shape, int axis, long start) {
        if (part.length() == 0) {
            return zeros(part.dtype(), shape);
        }
        if (KernelPath.onHost(part)) {
            return HostShapes.embed(part, shape, axis, start);
        }
        return Nd4jKernels.embed(part, shape, axis, start);
    }

    /** The storages joined along {@code axis}. */
    public static Storage concat(int axis, Storage... parts) {
        long[] shape = parts[0].shape();
        shape[axis] = 0;
        List<Storage> nonEmpty = new ArrayList<>(parts.length);
        for (Storage p : parts) {
            shape[axis] += p.size(axis);
            if (p.length() > 0) {
                nonEmpty.add(p);
            }
        }
        if (nonEmpty.isEmpty()) {
            return zeros(parts[0].dtype(), shape);
        }
        Storage[] joined = nonEmpty.toArray(new Storage[0]);
        return KernelPath.onHost(joined) ? HostShapes.concat(axis, joined) : Nd4jKernels.concat(axis, joined);
    }

    /** Entries {@code x[index[i]]} along axis 0 (indices already checked). */
    public static Storage indexSelect(Storage x, long[] index) {
        if (index.length == 0 || x.length() == 0) {
            long[] shape = x.shape();
            shape[0] = index.length;
            return zeros(x.dtype(), shape);
        }
        if (KernelPath.onHost(x)) {
            return HostShapes.indexSelect(x, index);
        }
        if (KernelPath.hostEnabled() && HostBuffer.supports(x.dtype()) && x.rank() >= 1) {
            // a mini-batch of a large data set: copy just the picked rows out of ND4J's buffer
            Storage rows = Nd4jArrays.gatherRows(x.currentArray(), index);
            if (rows != null) {
                return rows;
            }
        }
        return Nd4jKernels.indexSelect(x, index);
    }

    /** Zeros with {@code rows} entries along axis 0, {@code g[i]} added to entry {@code index[i]}. */
    public static Storage indexAdd(Storage g, long[] index, long rows) {
        return onPath(HostShapes.indexAdd(hostCopy(g), index, rows));
    }

    /** {@code out[…, j, …] = x[…, index[…, j, …], …]} along {@code axis}. */
    public static Storage gather(Storage x, int axis, long[] index, long[] indexShape) {
        return onPath(HostShapes.gather(hostCopy(x), axis, index, indexShape));
    }

    /** Zeros of {@code shape} with {@code g} added at {@code index} along {@code axis} (gather's adjoint). */
    public static Storage scatterAdd(Storage g, int axis, long[] index, long[] shape) {
        return onPath(HostShapes.scatterAdd(hostCopy(g), axis, index, shape));
    }

    /** The values of an integer (or any) storage as longs, in row-major order (may be the storage's own array). */
    public static long[] longs(Storage indices) {
        return indices.longs();
    }

    // ------------------------------------------------------------------ factories

    /** Zeros of {@code dtype} and {@code shape}. */
    public static Storage zeros(DataType dtype, long... shape) {
        if (KernelPath.hostEnabled() && HostBuffer.supports(dtype)) {
            return Storage.hostZeros(dtype, shape.clone());
        }
        return Nd4jKernels.zeros(dtype, shape.clone());
    }

    /** Every element {@code value}. */
    public static Storage full(DataType dtype, long[] shape, double value) {
        if (Shapes.length(shape) == 0) {
            return zeros(dtype, shape);
        }
        if (KernelPath.hostEnabled() && HostBuffer.supports(dtype)) {
            double[] values = new double[Storage.checkedLength(shape)];
            Arrays.fill(values, value);
            return Storage.ofHost(dtype, values, shape.clone());
        }
        return Nd4jKernels.full(dtype, shape.clone(), value);
    }

    /** {@code values} (row-major) in {@code dtype} and {@code shape}. */
    public static Storage fromDoubles(DataType dtype, double[] values, long... shape) {
        checkLength(values.length, shape);
        if (KernelPath.hostEnabled() && HostBuffer.supports(dtype)) {
            return Storage.ofHost(dtype, values.clone(), shape.clone());
        }
        return Nd4jKernels.fromDoubles(dtype, values, shape.clone());
    }

    /** A FLOAT storage of {@code values} (row-major, copied) in {@code shape}. */
    public static Storage fromFloats(float[] values, long... shape) {
        checkLength(values.length, shape);
        Storage host = Storage.ofFloats(values.clone(), shape.clone());
        return KernelPath.hostEnabled() ? host : Storage.wrap(host.copyToINDArray());
    }

    private static void checkLength(int n, long[] shape) {
        if (Shapes.length(shape) != n) {
            throw new IllegalArgumentException(String.format("%d values cannot fill the shape %s", n,
                    Arrays.toString(shape)));
        }
    }

    /** A LONG storage of {@code values} (row-major) in {@code shape}. */
    public static Storage fromLongs(long[] values, long... shape) {
        checkLength(values.length, shape);
        Storage host = Storage.ofLongs(values.clone(), shape.clone());
        return KernelPath.hostEnabled() ? host : Storage.wrap(host.copyToINDArray());
    }

    // ------------------------------------------------------------------ in place (the caller owns the target)

    /** {@code target += addend} (same shape and dtype). */
    public static void addInPlace(Storage target, Storage addend) {
        axpyInPlace(1, addend, target);
    }

    /** {@code target += alpha · x} (same shape and dtype). */
    public static void axpyInPlace(double alpha, Storage x, Storage target) {
        if (target.length() == 0) {
            return;
        }
        if (Updates.onHost(target, x)) {
            HostUpdates.axpy(alpha, x, target);
        } else {
            Nd4jKernels.axpyInPlace(alpha, x, target);
        }
    }

    /** {@code target *= c}. */
    public static void scaleInPlace(Storage target, double c) {
        if (target.length() == 0) {
            return;
        }
        if (Updates.onHost(target, target)) {
            HostUpdates.scale(target, c);
        } else {
            Nd4jKernels.scaleInPlace(target, c);
        }
    }

    /** Sets element {@code i} (row-major) of {@code target} to {@code value}, rounded to its dtype. */
    public static void setElement(Storage target, long i, double value) {
        if (target.isHost()) {
            Vec v = Vec.forUpdate(target);
            v.set((int) i, value);
            return;
        }
        INDArray a = target.toINDArray();
        if (a.rank() == 0) {
            a.assign(value);
        } else {
            a.putScalar(i, value);      // by row-major position, whatever the layout
        }
    }

    /** Copies {@code source}'s values into {@code target} (same shape; the dtype is converted). */
    public static void assign(Storage target, Storage source) {
        if (target.length() == 0) {
            return;
        }
        if (target.isHost() && KernelPath.hostEnabled() && HostBuffer.supports(source.dtype())) {
            HostUpdates.assign(target, source);
        } else {
            Nd4jKernels.assign(target, source);
        }
    }

    /**
     * Hands a host storage's array back for reuse by later results. The caller guarantees that nothing refers
     * to {@code s} or to a view of it any more (the engine calls this for gradients it owns and has consumed);
     * reading it afterwards fails. ND4J storages are left to ND4J.
     */
    public static void release(Storage s) {
        HostBuffer host = s.hostBuffer();
        if (host != null) {
            host.release();     // a JVM array, or a pooled native one; any other ND4J buffer stays ND4J's
        }
    }

    // ------------------------------------------------------------------ path plumbing

    /** Whether both can be computed on the host at all (dtypes a host buffer holds, CPU backend). */
    private static boolean hostable(Storage a, Storage b) {
        return Nd4jArrays.CPU_BACKEND && HostBuffer.supports(a.dtype()) && HostBuffer.supports(b.dtype());
    }

    /** A host result, handed back as ND4J storage when this thread is on the ND4J path. */
    private static Storage onPath(Storage hostResult) {
        return KernelPath.hostEnabled() ? hostResult : Nd4jKernels.viaHost(hostResult);
    }

    /** The storage itself if the host can read it, else a host copy (for kernels that only exist as loops). */
    private static Storage hostCopy(Storage x) {
        if (HostBuffer.supports(x.dtype())) {
            return x;
        }
        return Storage.ofDoubles(x.toDoubleArray(), x.shape());
    }
}
