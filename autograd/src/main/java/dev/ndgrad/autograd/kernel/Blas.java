package dev.ndgrad.autograd.kernel;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Matrix products on the host path: OpenBLAS's {@code cblas_sgemm}/{@code cblas_dgemm} (the library ND4J
 * itself loads) called directly, with transpose flags instead of transposed copies. JVM arrays are copied
 * into per-thread native scratch buffers (a memcpy, a few percent of the product's time); ND4J arrays
 * that are dense and row-major are passed by address, without a copy.
 */
final class Blas {

    private Blas() {}

    /** Per-thread native buffers for the operands and the result, grown as needed and then reused. */
    private static final class Scratch {
        final Pointer[] buffers = new Pointer[3];

        FloatPointer floats(int slot, long n) {
            Pointer p = buffers[slot];
            if (!(p instanceof FloatPointer) || p.capacity() < n) {
                p = new FloatPointer(Math.max(n, 16));
                buffers[slot] = p;
            }
            return (FloatPointer) p.position(0);
        }

        DoublePointer doubles(int slot, long n) {
            Pointer p = buffers[slot];
            if (!(p instanceof DoublePointer) || p.capacity() < n) {
                p = new DoublePointer(Math.max(n, 16));
                buffers[slot] = p;
            }
            return (DoublePointer) p.position(0);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * {@code op(a)·op(b)} batched over leading axes (broadcast as NumPy does; a rank-2 operand is shared by
     * every batch). Shapes are already checked.
     */
    static Storage matmul(Storage a, Storage b, boolean transA, boolean transB, long[] outShape,
            boolean nativeResult) {
        long[] sa = a.shapeRef();
        long[] sb = b.shapeRef();
        int m = (int) outShape[outShape.length - 2];
        int n = (int) outShape[outShape.length - 1];
        int k = (int) (transA ? sa[sa.length - 2] : sa[sa.length - 1]);
        int batches = (int) (Shapes.length(outShape) / Math.max(1L, (long) m * n));
        if (Shapes.length(outShape) == 0 || k == 0) {
            return Storage.hostZeros(a.dtype(), outShape);
        }
        if (sb.length == 2 && !transA) {
            // [..., m, k]·[k, n]: one product over the flattened leading axes
            return gemm(a, b, transA, transB, batches * m, n, k, 1, null, outShape, nativeResult);
        }
        if (batches == 1 && sa.length == 2 && sb.length == 2) {
            return gemm(a, b, transA, transB, m, n, k, 1, null, outShape, nativeResult);
        }
        long[] batchShape = Arrays.copyOf(outShape, outShape.length - 2);
        return gemm(a, b, transA, transB, m, n, k, batches, batchOffsets(batchShape, sa, sb), outShape, nativeResult);
    }

    /**
     * {@code x·wᵀ + b}: one product over the flattened leading axes, with the bias rows written into the result
     * buffer first and the product added onto them by the gemm itself (β = 1), so no pass of its own.
     */
    static Storage linear(Storage x, Storage w, Storage b, long[] outShape) {
        int n = (int) w.size(0);
        int k = (int) w.size(1);
        int m = (int) (x.length() / k);
        int total = m * n;
        Scratch scratch = SCRATCH.get();
        if (x.dtype() == DataType.FLOAT) {
            FloatPointer pa = floatOperand(x, scratch, 0);
            FloatPointer pb = floatOperand(w, scratch, 1);
            FloatPointer pc = scratch.floats(2, total);
            float[] bias = b.floats();
            float[] tile = biasTile(bias, m);
            int filled = Math.max(1, Math.min(m, 1024 / Math.max(n, 1))) * n;    // whole rows of the tile
            for (int at = 0; at < total; at += filled) {
                pc.position(at).put(tile, 0, Math.min(filled, total - at));
            }
            pc.position(0);
            openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1f, pa, k, pb, k, 1f, pc, n);
            float[] out = HostArrays.floats(total);
            pc.get(out, 0, total);
            return Storage.ofFloats(out, outShape.clone());
        }
        DoublePointer pa = doubleOperand(x, scratch, 0);
        DoublePointer pb = doubleOperand(w, scratch, 1);
        DoublePointer pc = scratch.doubles(2, total);
        double[] bias = b.doubles();
        for (int r = 0; r < m; r++) {
            pc.position((long) r * n).put(bias, 0, n);
        }
        pc.position(0);
        openblas_nolapack.cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, pa, k, pb, k, 1, pc, n);
        double[] out = HostArrays.doubles(total);
        pc.get(out, 0, total);
        return Storage.ofDoubles(out, outShape.clone());
    }

    /**
     * The bias repeated over whole rows, up to about 1024 elements, in this thread's reusable tile: a few bulk
     * copies of it fill the result buffer.
     */
    private static float[] biasTile(float[] bias, int rows) {
        int n = bias.length;
        int copies = Math.max(1, Math.min(rows, 1024 / Math.max(n, 1)));
        float[] tile = TILE.get();
        if (tile.length < copies * n) {
            tile = new float[copies * n];
            TILE.set(tile);
        }
        for (int r = 0; r < copies; r++) {
            System.arraycopy(bias, 0, tile, r * n, n);
        }
        return tile;
    }

    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[1024]);

    /** Per output batch, the index of the matrix of a and of b it multiplies (broadcast batch axes). */
    private static int[][] batchOffsets(long[] batch, long[] sa, long[] sb) {
        long[] shapeA = Arrays.copyOf(sa, sa.length - 2);
        long[] shapeB = Arrays.copyOf(sb, sb.length - 2);
        int count = (int) Shapes.length(batch);
        int[][] offsets = new int[2][count];
        long[][] strides = {matrixStrides(shapeA, batch.length), matrixStrides(shapeB, batch.length)};
        long[] index = new long[batch.length];
        for (int i = 0; i < count; i++) {
            long oa = 0;
            long ob = 0;
            for (int d = 0; d < batch.length; d++) {
                oa += index[d] * strides[0][d];
                ob += index[d] * strides[1][d];
            }
            offsets[0][i] = (int) oa;
            offsets[1][i] = (int) ob;
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++index[d] < batch[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return offsets;
    }

    /** Strides, in matrices, of a batch shape aligned right to {@code rank} axes (0 where broadcast). */
    private static long[] matrixStrides(long[] shape, int rank) {
        long[] strides = new long[rank];
        long s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            int sd = d - (rank - shape.length);
            long dim = sd >= 0 ? shape[sd] : 1;
            strides[d] = dim == 1 ? 0 : s;
            s *= dim;
        }
        return strides;
    }

    private static Storage gemm(Storage a, Storage b, boolean transA, boolean transB, int m, int n, int k,
            int batches, int[][] offsets, long[] outShape, boolean nativeResult) {
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        Scratch scratch = SCRATCH.get();
        int total = batches * m * n;
        // a large result asked for natively is written where it will live: no copy back into a JVM array
        INDArray home = nativeResult && total >= NativeArrays.MIN_ELEMENTS ? NativeArrays.take(a.dtype(), total) : null;
        if (a.dtype() == DataType.FLOAT) {
            FloatPointer pc = home != null ? new FloatPointer(home.data().addressPointer()) : scratch.floats(2, total);
            eachBatch((x, y, z) -> openblas_nolapack.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1f, (FloatPointer) x,
                    lda, (FloatPointer) y, ldb, 0f, (FloatPointer) z, n), floatOperand(a, scratch, 0),
                    floatOperand(b, scratch, 1), pc, batches, offsets, m, n, k);
            if (home != null) {
                return Storage.ofPooledNative(home, outShape.clone());
            }
            float[] out = HostArrays.floats(total);
            pc.get(out, 0, total);
            return Storage.ofFloats(out, outShape.clone());
        }
        DoublePointer pc = home != null ? new DoublePointer(home.data().addressPointer()) : scratch.doubles(2, total);
        eachBatch((x, y, z) -> openblas_nolapack.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1, (DoublePointer) x, lda,
                (DoublePointer) y, ldb, 0, (DoublePointer) z, n), doubleOperand(a, scratch, 0),
                doubleOperand(b, scratch, 1), pc, batches, offsets, m, n, k);
        if (home != null) {
            return Storage.ofPooledNative(home, outShape.clone());
        }
        double[] out = HostArrays.doubles(total);
        pc.get(out, 0, total);
        return Storage.ofDoubles(out, outShape.clone());
    }

    /**
     * The dense native buffer holding {@code x}'s elements in row-major order, if it has one: a host buffer moved
     * into (or born in) a flat ND4J array, or a dense row-major ND4J array of the CPU backend; else {@code null}.
     */
    private static Pointer nativeBuffer(Storage x, DataType dtype) {
        if (!Nd4jArrays.CPU_BACKEND || x.dtype() != dtype) {
            return null;
        }
        HostBuffer host = x.hostBuffer();
        if (host != null) {
            INDArray flat = host.isHost() ? null : host.nd4j();     // flat and dense by construction
            return flat == null ? null : flat.data().addressPointer();
        }
        INDArray nd = x.currentArray();
        return nd != null && nd.dataType() == dtype && Nd4jArrays.isDenseRowMajor(nd) ? nd.data().addressPointer() : null;
    }

    /**
     * Plain SGD's {@code target += alpha·x} by OpenBLAS's {@code axpy} in native memory, for a large weight (from
     * {@link NativeArrays#MIN_ELEMENTS} elements) or one whose gradient the products wrote natively: the weight
     * moves into native memory at its first step, where the products then read it in place and write its gradient
     * (see the linear op's backward). Every step of such a weight is this one call, so a run resumed from a
     * checkpoint rounds as the original did. Returns whether it ran ({@code false}: a small weight with a JVM
     * gradient, or storage that is not the host path's, for the caller's loop).
     */
    static boolean axpyNative(double alpha, Storage x, Storage target) {
        DataType dtype = target.dtype();
        HostBuffer home = target.hostBuffer();
        boolean large = target.length() >= NativeArrays.MIN_ELEMENTS;
        if (!Nd4jArrays.CPU_BACKEND || home == null || x.dtype() != dtype || x.length() != target.length()
                || !(large || x.isPooledNative()) || !(dtype == DataType.FLOAT || dtype == DataType.DOUBLE)) {
            return false;
        }
        home.moveToNd4j();          // once; the products read it in place from now on
        Pointer pt = nativeBuffer(target, dtype);
        int n = (int) target.length();
        Scratch scratch = SCRATCH.get();
        if (dtype == DataType.FLOAT) {
            FloatPointer px = floatOperand(x, scratch, 0);
            openblas_nolapack.cblas_saxpy(n, (float) alpha, px, 1, new FloatPointer(pt), 1);
        } else {
            DoublePointer px = doubleOperand(x, scratch, 0);
            openblas_nolapack.cblas_daxpy(n, alpha, px, 1, new DoublePointer(pt), 1);
        }
        return true;
    }

    /** One cblas gemm of the operands' precision on pointers positioned at the matrices of one batch element. */
    private interface GemmCall {
        void run(Pointer a, Pointer b, Pointer c);
    }

    /**
     * Runs {@code call} once per batch element: {@code a} and {@code b} advanced to the matrices {@code offsets}
     * names (broadcast batch dimensions repeat one), {@code c} to the element's result; a single call without
     * offsets.
     */
    private static void eachBatch(GemmCall call, Pointer a, Pointer b, Pointer c, int batches, int[][] offsets,
            int m, int n, int k) {
        if (offsets == null) {
            call.run(a, b, c);
            return;
        }
        long a0 = a.position();
        long b0 = b.position();
        for (int i = 0; i < batches; i++) {
            a.position(a0 + (long) offsets[0][i] * m * k);
            b.position(b0 + (long) offsets[1][i] * k * n);
            c.position((long) i * m * n);
            call.run(a, b, c);
        }
        c.position(0);
    }

    /** The operand in native memory: an ND4J array's own buffer when it is dense, else a copy in scratch. */
    private static FloatPointer floatOperand(Storage x, Scratch scratch, int slot) {
        Pointer in = nativeBuffer(x, DataType.FLOAT);
        if (in != null) {
            return new FloatPointer(in);
        }
        float[] values = x.floats();
        FloatPointer p = scratch.floats(slot, values.length);
        p.put(values, 0, values.length);
        return p;
    }

    private static DoublePointer doubleOperand(Storage x, Scratch scratch, int slot) {
        Pointer in = nativeBuffer(x, DataType.DOUBLE);
        if (in != null) {
            return new DoublePointer(in);
        }
        double[] values = x.doubles();
        DoublePointer p = scratch.doubles(slot, values.length);
        p.put(values, 0, values.length);
        return p;
    }
}
