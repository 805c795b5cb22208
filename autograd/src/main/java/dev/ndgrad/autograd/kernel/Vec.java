package dev.ndgrad.autograd.kernel;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * A FLOAT or DOUBLE host array read and written as doubles, for the kernels that are written once for
 * both dtypes (reductions, softmax, moving elements). With exactly two implementations every call site
 * stays bimorphic, which the JIT inlines; the hottest loops have float versions of their own instead.
 */
abstract class Vec {

    static Vec of(Storage s) {
        return s.dtype() == DataType.FLOAT ? new Floats(s.floats()) : new Doubles(s.doubles());
    }

    static Vec create(DataType dtype, int n) {
        return dtype == DataType.FLOAT ? new Floats(new float[n]) : new Doubles(new double[n]);
    }

    /**
     * The elements of a storage to change in place: the host array itself, or a copy of an ND4J array's
     * elements that {@link #commit} writes back (so that the arithmetic, and its rounding, is the host path's
     * wherever the values live).
     */
    static Vec forUpdate(Storage s) {
        return of(s);
    }

    /** Writes the elements back into {@code s} if they are a copy (see {@link #forUpdate}). */
    void commit(Storage s) {
        if (!s.isHost()) {
            Nd4jArrays.writeBack(s.currentArray(), array());
        }
    }

    abstract Object array();

    abstract double get(int i);

    abstract void set(int i, double v);

    abstract void add(int i, double v);

    abstract int length();

    abstract Storage toStorage(long[] shape);

    static final class Floats extends Vec {
        final float[] a;

        Floats(float[] a) {
            this.a = a;
        }

        Object array() {
            return a;
        }

        double get(int i) {
            return a[i];
        }

        void set(int i, double v) {
            a[i] = (float) v;
        }

        void add(int i, double v) {
            a[i] += (float) v;
        }

        int length() {
            return a.length;
        }

        Storage toStorage(long[] shape) {
            return Storage.ofFloats(a, shape);
        }
    }

    static final class Doubles extends Vec {
        final double[] a;

        Doubles(double[] a) {
            this.a = a;
        }

        Object array() {
            return a;
        }

        double get(int i) {
            return a[i];
        }

        void set(int i, double v) {
            a[i] = v;
        }

        void add(int i, double v) {
            a[i] += v;
        }

        int length() {
            return a.length;
        }

        Storage toStorage(long[] shape) {
            return Storage.ofDoubles(a, shape);
        }
    }
}
