package dev.ndgrad.autograd;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The generated structure of one op application: the shapes of its differentiable inputs, the op's
 * integer parameters (axis, keepDims as 0/1, slice bounds, a permutation, …), a target shape (for
 * reshape, broadcastTo, sumToShape) and an integer index or mask with its shape. Values are drawn
 * separately, per shape, from the op's {@link Domain}.
 */
record Layout(List<long[]> shapes, int[] params, long[] target, long[] index, long[] indexShape) {

    static Layout of(long[]... shapes) {
        return new Layout(List.of(shapes), new int[0], null, null, null);
    }

    Layout withParams(int... p) {
        return new Layout(shapes, p, target, index, indexShape);
    }

    Layout withTarget(long... t) {
        return new Layout(shapes, params, t, index, indexShape);
    }

    Layout withIndex(long[] values, long... shape) {
        return new Layout(shapes, params, target, values, shape);
    }

    int param(int i) {
        return params[i];
    }

    boolean flag(int i) {
        return params[i] != 0;
    }

    /** The index (or mask) as a LONG tensor of its shape. */
    Tensor indexTensor() {
        return Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(index).reshape(indexShape));
    }

    /** The index read as a 0/1 mask of the given dtype. */
    Tensor maskTensor(org.nd4j.linalg.api.buffer.DataType dtype) {
        return Tensor.of(indexTensor().data().castTo(dtype));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("shapes ");
        s.append(shapes.stream().map(Arrays::toString).collect(Collectors.joining(", ")));
        if (params.length > 0) {
            s.append(", params ").append(Arrays.toString(params));
        }
        if (target != null) {
            s.append(", target ").append(Arrays.toString(target));
        }
        if (index != null) {
            s.append(", index ").append(Arrays.toString(index)).append(" of shape ").append(Arrays.toString(indexShape));
        }
        return s.toString();
    }
}
