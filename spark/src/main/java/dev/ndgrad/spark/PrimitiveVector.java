package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A flat vector of {@code float}s or {@code double}s — all of a model's parameters, or all of its gradients,
 * concatenated in {@code Module.parameters()} order — the compact form in which they cross the network: 4 or 8
 * bytes a value plus a few dozen bytes of header, never a Java-serialized tensor. Mutable only through
 * {@link #add} and {@link #scale}, which the aggregation uses on vectors it owns.
 */
final class PrimitiveVector implements Serializable {

    private static final long serialVersionUID = 1L;

    private final float[] floats;
    private final double[] doubles;

    private PrimitiveVector(float[] floats, double[] doubles) {
        this.floats = floats;
        this.doubles = doubles;
    }

    static PrimitiveVector ofFloats(float[] values) {
        return new PrimitiveVector(values, null);
    }

    static PrimitiveVector ofDoubles(double[] values) {
        return new PrimitiveVector(null, values);
    }

    /** Zeros of {@code dtype}'s width: FLOAT → floats, DOUBLE → doubles. */
    static PrimitiveVector zeros(DataType dtype, int length) {
        return width(dtype) == Float.BYTES ? ofFloats(new float[length]) : ofDoubles(new double[length]);
    }

    /** The bytes per value that a vector for {@code dtype} uses: 4 for FLOAT, 8 for DOUBLE. */
    static int width(DataType dtype) {
        checkArgument(dtype == DataType.FLOAT || dtype == DataType.DOUBLE,
                "ndgrad-spark: parameters must be FLOAT or DOUBLE to travel as a primitive vector, got %s", dtype);
        return dtype == DataType.FLOAT ? Float.BYTES : Double.BYTES;
    }

    int length() {
        return floats != null ? floats.length : doubles.length;
    }

    DataType dtype() {
        return floats != null ? DataType.FLOAT : DataType.DOUBLE;
    }

    /** The bytes of the values alone: {@code length × width}. */
    long payloadBytes() {
        return (long) length() * (floats != null ? Float.BYTES : Double.BYTES);
    }

    double get(int i) {
        return floats != null ? floats[i] : doubles[i];
    }

    void set(int i, double value) {
        if (floats != null) {
            floats[i] = (float) value;
        } else {
            doubles[i] = value;
        }
    }

    /** {@code this += other}, element by element; returns this. */
    PrimitiveVector add(PrimitiveVector other) {
        checkArgument(other.dtype() == dtype() && other.length() == length(),
                "PrimitiveVector.add: %s[%s] + %s[%s]", dtype(), length(), other.dtype(), other.length());
        if (floats != null) {
            for (int i = 0; i < floats.length; i++) {
                floats[i] += other.floats[i];
            }
        } else {
            for (int i = 0; i < doubles.length; i++) {
                doubles[i] += other.doubles[i];
            }
        }
        return this;
    }

    /** {@code this *= factor}; returns this. */
    PrimitiveVector scale(double factor) {
        if (floats != null) {
            for (int i = 0; i < floats.length; i++) {
                floats[i] = (float) (floats[i] * factor);
            }
        } else {
            for (int i = 0; i < doubles.length; i++) {
                doubles[i] *= factor;
            }
        }
        return this;
    }

    /** The float values (the vector itself, not a copy), or null for a vector of doubles. */
    float[] floats() {
        return floats;
    }

    /** The double values (the vector itself, not a copy), or null for a vector of floats. */
    double[] doubles() {
        return doubles;
    }

    @Override
    public String toString() {
        return "PrimitiveVector[" + dtype() + " x " + length() + "]";
    }
}
