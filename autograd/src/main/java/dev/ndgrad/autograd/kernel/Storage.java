package dev.ndgrad.autograd.kernel;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The values beneath a {@code Tensor}: a dtype, a shape, and the elements, which live in one of two
 * places.
 *
 * <ul>
 *   <li><b>Host</b> storage keeps the elements in a JVM array ({@code float[]}, {@code double[]} or
 *       {@code long[]}) in row-major order. Creating it and computing on it costs no ND4J call, which is
 *       what makes small and medium models fast on the CPU backend: {@link Kernels} runs plain loops on
 *       it and calls OpenBLAS directly for matrix products.
 *   <li><b>ND4J</b> storage wraps an {@link INDArray} (any layout, any dtype, any backend: the CUDA
 *       profile runs everything here).
 * </ul>
 *
 * <p>{@link #toINDArray()} gives the values as an INDArray without copying them twice: a host storage
 * moves its elements into ND4J memory once, and from then on it (and every reshaped view sharing its
 * buffer) <em>is</em> that INDArray, so changes made through it are seen by the tensor and the other way
 * round. Storages are otherwise immutable values; the in-place kernels ({@code Kernels.*InPlace}) change
 * the elements of a storage that its caller owns.
 *
 * <p>Whether two storages share memory is known exactly ({@link #sharesMemoryWith}): reshapes of a host
 * storage share its buffer; every other host kernel returns a fresh one.
 */
public final class Storage {

    private final DataType dtype;
    private final long[] shape;
    private final long length;
    private final HostBuffer host;      // null for ND4J storage
    private final INDArray array;       // null for host storage

    private Storage(DataType dtype, long[] shape, HostBuffer host, INDArray array) {
        this.dtype = dtype;
        this.shape = shape;
        this.length = Shapes.length(shape);
        this.host = host;
        this.array = array;
    }

    // ------------------------------------------------------------------ factories

    /** ND4J storage over {@code array} (not copied). */
    public static Storage wrap(INDArray array) {
        checkNotNull(array, "Storage.wrap: array is null");
        return new Storage(array.dataType(), array.shape().clone(), null, array);     // ND4J shares its own
    }

    static Storage ofFloats(float[] values, long[] shape) {
        return new Storage(DataType.FLOAT, shape, new HostBuffer(values), null);
    }

    static Storage ofDoubles(double[] values, long[] shape) {
        return new Storage(DataType.DOUBLE, shape, new HostBuffer(values), null);
    }

    static Storage ofLongs(long[] values, long[] shape) {
        return new Storage(DataType.LONG, shape, new HostBuffer(values), null);
    }

    /** Storage over a pooled native array from {@link NativeArrays#take}, given back by {@link Kernels#release}. */
    static Storage ofPooledNative(INDArray flat, long[] shape) {
        return new Storage(flat.dataType(), shape, new HostBuffer(flat), null);
    }

    /** Host storage of a supported dtype ({@link HostBuffer#supports}) holding {@code values} rounded to it. */
    static Storage ofHost(DataType dtype, double[] values, long[] shape) {
        switch (dtype) {
            case DOUBLE:
                return ofDoubles(values, shape);
            case FLOAT: {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                return ofFloats(f, shape);
            }
            case LONG: {
                long[] l = new long[values.length];
                for (int i = 0; i < l.length; i++) {
                    l[i] = (long) values[i];
                }
                return ofLongs(l, shape);
            }
            default:
                throw new IllegalArgumentException("no host storage for " + dtype);
        }
    }

    /** Zeros on the host. */
    static Storage hostZeros(DataType dtype, long[] shape) {
        int n = checkedLength(shape);
        switch (dtype) {
            case FLOAT:
                return ofFloats(new float[n], shape);
            case DOUBLE:
                return ofDoubles(new double[n], shape);
            case LONG:
                return ofLongs(new long[n], shape);
            default:
                throw new IllegalArgumentException("no host storage for " + dtype);
        }
    }

    static int checkedLength(long[] shape) {
        long n = Shapes.length(shape);
        if (!(n <= Integer.MAX_VALUE - 8)) {
            throw new IllegalArgumentException(lenientFormat(
                    "shape %s has %s elements, more than one JVM array holds",
                    Arrays.toString(shape), n));
        }
        return (int) n;
    }

    // ------------------------------------------------------------------ what it is

    public DataType dtype() {
        return dtype;
    }

    /** The shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** The shape, not copied: callers must not change it. */
    long[] shapeRef() {
        return shape;
    }

    public int rank() {
        return shape.length;
    }

    public long length() {
        return length;
    }

    public long size(int axis) {
        return shape[axis];
    }

    /** Whether the elements are in a JVM array (not yet moved to ND4J by {@link #toINDArray()}). */
    public boolean isHost() {
        return host != null && host.isHost();
    }

    /** Whether this is an ND4J array from the start (wrapped), or a host buffer moved into ND4J. */
    public boolean isNd4j() {
        return !isHost();
    }

    /**
     * Whether the two share any memory, so that an in-place change of one would change the other: reshaped
     * views of one host buffer, or ND4J arrays over one data buffer.
     */
    public boolean sharesMemoryWith(Storage other) {
        if (host != null && host == other.host) {
            return true;
        }
        INDArray a = memory();
        INDArray b = other.memory();
        return a != null && b != null && Nd4jArrays.sameMemory(a, b);
    }

    /**
     * The ND4J array holding the elements, in whatever shape it has: the wrapped array, or a moved host buffer's
     * flat one (no reshape, which would cost ND4J a view and a shape buffer); {@code null} while on the host.
     */
    private INDArray memory() {
        if (array != null) {
            return array;
        }
        return host.isHost() ? null : host.nd4j();
    }

    // ------------------------------------------------------------------ the values

    /**
     * The values as an INDArray. ND4J storage returns its array; host storage moves its elements into an
     * ND4J array once (shared with every view of the same buffer) and returns that, so the two stay one:
     * see the class comment. Prefer {@link #copyToINDArray()} to read values without moving them.
     */
    public INDArray toINDArray() {
        if (array != null) {
            return array;
        }
        return Nd4jArrays.reshape(host.moveToNd4j(), shape);
    }

    /** A new INDArray ({@code c} order) holding a copy of the values; the storage stays where it is. */
    public INDArray copyToINDArray() {
        if (array != null) {
            return array.dup('c');
        }
        if (!host.isHost()) {
            return Nd4jArrays.reshape(host.nd4j(), shape).dup('c');
        }
        return Nd4jArrays.fromHost(host, dtype, shape);
    }

    /** Element {@code i} in row-major order, as a double. */
    public double getDouble(long i) {
        checkArgument(i >= 0 && i < length, "Storage.getDouble: index %s outside [0, %s)", i, length);
        if (isHost()) {
            return host.getDouble((int) i);
        }
        INDArray a = toINDArray();
        return a.rank() == 0 ? a.getDouble(0) : a.reshape('c', new long[] {length}).getDouble(i);
    }

    /** All elements in row-major order, as doubles (a copy). */
    public double[] toDoubleArray() {
        if (isHost()) {
            return host.toDoubles();
        }
        return copyToINDArray().data().asDouble();
    }

    /** A view in another shape with the same number of elements (shares the buffer). */
    public Storage reshape(long[] newShape) {
        if (Shapes.length(newShape) != length) {
            throw new IllegalArgumentException(lenientFormat(
                    "Storage.reshape: %s elements cannot take the shape %s",
                    length, Arrays.toString(newShape)));
        }
        if (host != null) {
            return new Storage(dtype, newShape.clone(), host, null);
        }
        return wrap(Nd4jArrays.reshape(array, newShape));
    }

    // ------------------------------------------------------------------ for the kernels

    HostBuffer hostBuffer() {
        return host;
    }

    /** Whether the elements live in a pooled native array ({@link NativeArrays}), reused once released. */
    boolean isPooledNative() {
        return host != null && host.isPooledNative();
    }

    /** The INDArray behind this storage if it has one yet (ND4J storage, or a host buffer already moved). */
    INDArray currentArray() {
        if (array != null) {
            return array;
        }
        return host.isHost() ? null : Nd4jArrays.reshape(host.nd4j(), shape);
    }

    /** The elements as floats: the host array itself (do not modify it unless you own this storage), or a copy. */
    float[] floats() {
        if (host != null) {
            return host.floats();       // the array itself, or a copy of a moved buffer's flat array
        }
        return Nd4jArrays.copyFloats(currentArray(), checkedLength(shape));
    }

    /** As {@link #floats()} for DOUBLE. */
    double[] doubles() {
        if (host != null) {
            return host.doubles();
        }
        return Nd4jArrays.copyDoubles(currentArray(), checkedLength(shape));
    }

    /** The elements as longs (integer storage of any integer dtype), the host array itself or a copy. */
    long[] longs() {
        if (isHost() && dtype == DataType.LONG) {
            return host.longs();
        }
        INDArray a = currentArray();
        if (a == null) {
            long[] out = new long[checkedLength(shape)];
            for (int i = 0; i < out.length; i++) {
                out[i] = (long) host.getDouble(i);
            }
            return out;
        }
        INDArray dense = Nd4jArrays.isDenseRowMajor(a) ? a : a.dup('c');
        return dense.data().asLong();
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape) + (isHost() ? " (host)" : " (ND4J)");
    }

    /** Reads an ND4J array's bytes in row-major order into {@code out} (copies; a helper for the host path). */
    static ByteBuffer nativeBytes(INDArray dense) {
        return dense.data().asNio().order(ByteOrder.nativeOrder());
    }

    /** Default floating dtype of ND4J, for factories. */
    static DataType defaultFloating() {
        return Nd4j.defaultFloatingPointType();
    }
}
