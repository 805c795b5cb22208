package dev.ndgrad.autograd;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of ndgrad's own ops: a {@link Function} like any custom op, plus the checks binary ops share.
 * Their backward passes are written in Tensor ops and verified to second order by the property suites.
 */
abstract class BuiltInOp extends Function {

    BuiltInOp(String name) {
        super(name);
    }

    @Override
    final boolean isBuiltIn() {
        return true;
    }

    /** Two floating operands of one dtype, with broadcastable shapes; returns the result shape. */
    final long[] checkBinary(Tensor a, Tensor b) {
        checkFloating(a, 0);
        checkFloating(b, 1);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(String.format(
                    "%s: dtype mismatch, %s vs %s: both operands must have the same floating dtype "
                            + "(convert one with .to(DataType.%s))", name(), a.describe(), b.describe(), a.dtype()));
        }
        return Shapes.broadcast(name(), a.shape(), b.shape());
    }

    final void checkFloating(Tensor x, int i) {
        if (!x.dtype().isFPType()) {
            throw new IllegalArgumentException(String.format("%s: input %d %s must be a floating-point tensor", name(), i,
                    x.describe()));
        }
    }

    /** A constant (no gradient) over {@code array}, for masks and other values that only scale a gradient. */
    static Tensor constant(INDArray array) {
        return Tensor.wrap(array);
    }
}
