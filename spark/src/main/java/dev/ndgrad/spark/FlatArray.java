package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One named array in transit between driver and executors — a buffer (batch norm's running mean) or an entry of
 * an optimizer's state dict — as its shape, its dtype and its values in row-major order. Small arrays only travel
 * this way; parameters and gradients travel as one {@link PrimitiveVector}.
 *
 * @param shape the array's shape ({@code []} for a scalar)
 * @param dtype the dtype it has at both ends (values are carried as doubles: exact for FLOAT, DOUBLE and integers
 *     below 2⁵³)
 * @param values the elements, row-major
 */
record FlatArray(long[] shape, DataType dtype, double[] values) implements Serializable {

    FlatArray {
        checkNotNull(shape, "FlatArray: shape");
        checkNotNull(dtype, "FlatArray: dtype");
        checkNotNull(values, "FlatArray: values");
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        checkArgument(length == values.length, "FlatArray: shape %s holds %s values, got %s", Arrays.toString(shape),
                length, values.length);
    }

    /** Whether {@code other} has this array's shape and dtype (so the two can be added). */
    boolean sameKind(FlatArray other) {
        return Arrays.equals(shape, other.shape) && dtype == other.dtype;
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
