package dev.ndgrad.autograd.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moving elements between JVM arrays and ND4J arrays, and the layout facts the host path relies on. */
final class Nd4jArrays {

    /** Whether ND4J's arrays live in host memory that {@code asNio()} exposes (the CPU backend). */
    static final boolean CPU_BACKEND = Nd4j.getBackend().getClass().getSimpleName().contains("Cpu");

    private Nd4jArrays() {}

    /**
     * Whether the array is exactly its whole dense buffer in {@code c} order: then element {@code i} is at
     * byte {@code i·width} of the buffer. (A reshape of a fresh array counts; ND4J calls it a view.)
     */
    static boolean isDenseRowMajor(INDArray a) {
        if (a.isEmpty()) {
            return true;
        }
        return a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length()
                && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    }

    /** Whether the two arrays are views of one memory buffer. */
    static boolean sameMemory(INDArray a, INDArray b) {
        if (a == b) {
            return true;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        DataBuffer da = a.data();
        DataBuffer db = b.data();
        if (da == db) {
            return true;
        }
        DataBuffer ua = da.underlyingDataBuffer() != null ? da.underlyingDataBuffer() : da;
        DataBuffer ub = db.underlyingDataBuffer() != null ? db.underlyingDataBuffer() : db;
        if (ua == ub) {
            return true;
        }
        if (!CPU_BACKEND) {
            return false;
        }
        long startA = ua.addressPointer().address();
        long endA = startA + ua.length() * ua.getElementSize();
        long startB = ub.addressPointer().address();
        long endB = startB + ub.length() * ub.getElementSize();
        return startA < endB && startB < endA;
    }

    /** {@code a} in {@code shape} (row-major), a view where ND4J can make one. */
    static INDArray reshape(INDArray a, long[] shape) {
        if (Arrays.equals(a.shape(), shape)) {
            return a;
        }
        if (a.isEmpty() || Shapes.length(shape) == 0) {
            return Nd4j.create(a.dataType(), shape);
        }
        return a.reshape('c', shape);
    }

    /**
     * A flat ND4J array holding a copy of a JVM array: one bulk copy into native memory on the CPU backend
     * ({@code Nd4j.createFromArray} copies element by element, 20-50 times slower).
     */
    static INDArray flatFromHost(Object values) {
        int n = values instanceof float[] ? ((float[]) values).length
                : values instanceof double[] ? ((double[]) values).length : ((long[]) values).length;
        DataType dtype = values instanceof float[] ? DataType.FLOAT
                : values instanceof double[] ? DataType.DOUBLE : DataType.LONG;
        if (n == 0) {
            return Nd4j.create(dtype, 0);
        }
        if (!CPU_BACKEND) {
            return values instanceof float[] ? Nd4j.createFromArray((float[]) values)
                    : values instanceof double[] ? Nd4j.createFromArray((double[]) values)
                    : Nd4j.createFromArray((long[]) values);
        }
        INDArray out = Nd4j.createUninitialized(dtype, n);
        ByteBuffer bytes = bytes(out);
        if (values instanceof float[]) {
            bytes.asFloatBuffer().put((float[]) values);
        } else if (values instanceof double[]) {
            bytes.asDoubleBuffer().put((double[]) values);
        } else {
            bytes.asLongBuffer().put((long[]) values);
        }
        return out;
    }

    /** A new ND4J array of {@code shape} holding a copy of a host buffer's elements. */
    static INDArray fromHost(HostBuffer host, DataType dtype, long[] shape) {
        Object v = host.values();
        if (v == null) {
            return reshape(host.nd4j(), shape).dup('c');
        }
        return reshape(flatFromHost(v), shape);
    }

    /** The elements of {@code a} in row-major order as floats (a copy; a bulk byte copy when dense on the CPU). */
    static float[] copyFloats(INDArray a, int n) {
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        INDArray dense = denseForCopy(a, DataType.FLOAT);
        if (CPU_BACKEND) {
            bytes(dense).asFloatBuffer().get(out);
        } else {
            out = dense.data().asFloat();
        }
        return out;
    }

    /** As {@link #copyFloats} for doubles. */
    static double[] copyDoubles(INDArray a, int n) {
        double[] out = new double[n];
        if (n == 0) {
            return out;
        }
        INDArray dense = denseForCopy(a, DataType.DOUBLE);
        if (CPU_BACKEND) {
            bytes(dense).asDoubleBuffer().get(out);
        } else {
            out = dense.data().asDouble();
        }
        return out;
    }

    private static INDArray denseForCopy(INDArray a, DataType dtype) {
        INDArray typed = a.dataType() == dtype ? a : a.castTo(dtype);
        return isDenseRowMajor(typed) ? typed : typed.dup('c');
    }

    private static ByteBuffer bytes(INDArray dense) {
        return dense.data().asNio().order(ByteOrder.nativeOrder());
    }

    /**
     * Rows {@code a[index[0]], a[index[1]], …} along axis 0 as host storage, by one bulk copy per row out of
     * ND4J's buffer; {@code null} when {@code a} is not a dense row-major FLOAT, DOUBLE or LONG array on the CPU.
     */
    static Storage gatherRows(INDArray a, long[] index) {
        if (a == null || !CPU_BACKEND || a.isEmpty() || !isDenseRowMajor(a)) {
            return null;
        }
        long[] shape = a.shape();
        int row = (int) (a.length() / shape[0]);
        long[] out = shape.clone();
        out[0] = index.length;
        ByteBuffer bytes = bytes(a);
        switch (a.dataType()) {
            case FLOAT: {
                java.nio.FloatBuffer src = bytes.asFloatBuffer();
                float[] dst = new float[index.length * row];
                for (int i = 0; i < index.length; i++) {
                    src.get((int) index[i] * row, dst, i * row, row);
                }
                return Storage.ofFloats(dst, out);
            }
            case DOUBLE: {
                java.nio.DoubleBuffer src = bytes.asDoubleBuffer();
                double[] dst = new double[index.length * row];
                for (int i = 0; i < index.length; i++) {
                    src.get((int) index[i] * row, dst, i * row, row);
                }
                return Storage.ofDoubles(dst, out);
            }
            case LONG: {
                java.nio.LongBuffer src = bytes.asLongBuffer();
                long[] dst = new long[index.length * row];
                for (int i = 0; i < index.length; i++) {
                    src.get((int) index[i] * row, dst, i * row, row);
                }
                return Storage.ofLongs(dst, out);
            }
            default:
                return null;
        }
    }

    /** Copies a JVM array (float[] or double[], row-major) into {@code target}'s elements, whatever its layout. */
    static void writeBack(INDArray target, Object values) {
        if (CPU_BACKEND && isDenseRowMajor(target) && !target.isEmpty()) {
            ByteBuffer bytes = bytes(target);
            if (values instanceof float[] && target.dataType() == DataType.FLOAT) {
                bytes.asFloatBuffer().put((float[]) values);
                return;
            }
            if (values instanceof double[] && target.dataType() == DataType.DOUBLE) {
                bytes.asDoubleBuffer().put((double[]) values);
                return;
            }
        }
        target.assign(reshape(flatFromHost(values), target.shape()));
    }
}
