package dev.ndgrad.autograd.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The memory of a host {@link Storage}, shared by the storage and its reshaped views: a JVM array in
 * row-major order, until {@link #moveToNd4j()} moves it into a (flat) ND4J array, after which the ND4J
 * array is the only copy.
 */
final class HostBuffer {

    private volatile Object values;     // float[], double[] or long[] while on the host
    private volatile INDArray nd4j;     // flat, once moved
    /**
     * Whether {@link #nd4j} came from {@link NativeArrays} and goes back there on release; no longer once the
     * array has been handed out ({@link #moveToNd4j()}).
     */
    private volatile boolean pooledNative;

    HostBuffer(Object values) {
        this.values = values;
        this.pooledNative = false;
    }

    /** A buffer whose elements already live in {@code flat}, a pooled native array ({@link NativeArrays#take}). */
    HostBuffer(INDArray flat) {
        this.nd4j = flat;
        this.pooledNative = true;
    }

    /** Whether the elements live in a pooled native array (see {@link NativeArrays}). */
    boolean isPooledNative() {
        return pooledNative && nd4j != null;
    }

    /** The dtypes a host buffer can hold. */
    static boolean supports(DataType dtype) {
        return dtype == DataType.FLOAT || dtype == DataType.DOUBLE || dtype == DataType.LONG;
    }

    boolean isHost() {
        return values != null || released;
    }

    /** The array, or {@code null} once moved to ND4J. */
    Object values() {
        return values;
    }

    float[] floats() {
        Object v = values;
        if (v == null && released) {
            throw releasedError();
        }
        return v != null ? (float[]) v : Nd4jArrays.copyFloats(nd4j, (int) nd4j.length());
    }

    double[] doubles() {
        Object v = values;
        if (v == null && released) {
            throw releasedError();
        }
        return v != null ? (double[]) v : Nd4jArrays.copyDoubles(nd4j, (int) nd4j.length());
    }

    long[] longs() {
        Object v = values;
        return v != null ? (long[]) v : moved().data().asLong();
    }

    INDArray nd4j() {
        return nd4j;
    }

    double getDouble(int i) {
        Object v = values;
        if (v instanceof float[]) {
            return ((float[]) v)[i];
        }
        if (v instanceof double[]) {
            return ((double[]) v)[i];
        }
        if (v instanceof long[]) {
            return ((long[]) v)[i];
        }
        return moved().getDouble(i);
    }

    double[] toDoubles() {
        Object v = values;
        if (v instanceof double[]) {
            return ((double[]) v).clone();
        }
        if (v instanceof float[]) {
            float[] f = (float[]) v;
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        if (v instanceof long[]) {
            long[] l = (long[]) v;
            double[] out = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = l[i];
            }
            return out;
        }
        return moved().dup().data().asDouble();
    }

    /**
     * Hands the array back for reuse and forgets it: any later read of this buffer fails (a released storage
     * must be referred to by nothing, see {@link Kernels#release}).
     */
    synchronized void release() {
        Object v = values;
        if (v != null) {
            values = null;
            released = true;
            HostArrays.give(v);
        } else if (pooledNative && nd4j != null) {
            INDArray flat = nd4j;
            nd4j = null;
            released = true;
            NativeArrays.give(flat);
        }
    }

    private volatile boolean released;

    /** The ND4J array the elements moved to; a clear error if they were released instead. */
    private INDArray moved() {
        INDArray a = nd4j;
        if (a == null) {
            throw releasedError();
        }
        return a;
    }

    private IllegalStateException releasedError() {
        return new IllegalStateException("this tensor's memory was handed back for reuse: by a backward pass through "
                + "a graph that saved it after Tensor.releaseWithGraph(), or by zeroGrad() for a gradient read through "
                + "gradForUpdate(); the code that kept a reference to it may not read it any more");
    }

    /** Moves the elements into a flat ND4J array (once; later calls return the same array). */
    synchronized INDArray moveToNd4j() {
        pooledNative = false;      // the caller may keep the array: it is no longer the pool's to reuse
        if (nd4j == null) {
            nd4j = Nd4jArrays.flatFromHost(values);
            values = null;
        }
        return nd4j;
    }
}
