package dev.ndgrad.optim;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * In-place level-1 updates ({@code y += α·x}, {@code x *= α}, {@code ‖x‖₂}) for the optimizers' hot path.
 *
 * <p>Why: an ND4J op costs 10-20 µs of dispatch, while the level-1 BLAS routine on the same
 * buffers costs about 1 µs on small arrays. BLAS walks the flat buffer, though, so it is right only
 * when both arrays are dense, unshifted and laid out in the same order; a column view or a
 * {@code c}-ordered plus an {@code f}-ordered array would silently pair the wrong elements. Those
 * cases, and dtypes BLAS does not take, go through ordinary ND4J ops instead.
 */
final class Blas1 {

    private Blas1() {}

    /** Whether BLAS may treat {@code a} as one flat run of its elements. */
    static boolean isDense(INDArray a) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && !a.isView() && a.offset() == 0
                && Shape.hasDefaultStridesForShape(a);
    }

    /** Whether element {@code i} of both flat buffers is the same logical element. */
    static boolean sameDenseLayout(INDArray x, INDArray y) {
        return x.dataType() == y.dataType() && Arrays.equals(x.shape(), y.shape())
                && (x.ordering() == y.ordering() || x.rank() <= 1) && isDense(x) && isDense(y);
    }

    /** {@code y ← y + α·x} in place (x and y of one shape). */
    static void axpy(double alpha, INDArray x, INDArray y) {
        if (sameDenseLayout(x, y)) {
            Nd4j.getBlasWrapper().level1().axpy(y.length(), alpha, x, y);
        } else {
            y.addi(x.mul(alpha));
        }
    }

    /** {@code x ← α·x} in place. */
    static void scal(double alpha, INDArray x) {
        if (alpha == 1) {
            return;
        }
        if (isDense(x)) {
            Nd4j.getBlasWrapper().level1().scal(x.length(), alpha, x);
        } else {
            x.muli(alpha);
        }
    }

    /** {@code ‖x‖₂²}. */
    static double squaredNorm(INDArray x) {
        double norm = isDense(x) ? Nd4j.getBlasWrapper().level1().nrm2(x) : x.norm2Number().doubleValue();
        return norm * norm;
    }
}
