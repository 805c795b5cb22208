package dev.ndgrad.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The dtype and shape of an array, known before its values are: what a state dict is checked against a model
 * with, whether it comes from arrays in memory or from the headers of a checkpoint not yet read.
 */
record ArraySpec(DataType dtype, long[] shape) {

    static ArraySpec of(INDArray array) {
        return new ArraySpec(array.dataType(), array.shape());
    }

    boolean sameShape(long[] other) {
        return Arrays.equals(shape, other);
    }

    /** E.g. {@code DOUBLE[6, 4]}. */
    String describe() {
        return dtype + Arrays.toString(shape);
    }
}
