package dev.ndgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The BLAS fast path must give ND4J's answer for every layout, or stay out of the way. */
class Blas1Test {

    static INDArray matrix() {
        return Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
    }

    @Test
    void axpyOnMatchingDenseArraysTakesTheFastPath() {
        INDArray y = matrix();
        assertTrue(Blas1.sameDenseLayout(matrix(), y));
        Blas1.axpy(2, matrix(), y);
        assertEquals(matrix().mul(3), y);
    }

    @Test
    void axpyAcrossOrderingsPairsTheRightElements() {
        INDArray x = matrix().dup('f');
        assertFalse(Blas1.sameDenseLayout(x, matrix()));
        INDArray y = matrix();
        Blas1.axpy(1, x, y);
        assertEquals(matrix().mul(2), y);
    }

    @Test
    void axpyIntoViewsAndFromBroadcastsIsRight() {
        INDArray big = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        INDArray corner = big.get(NDArrayIndex.interval(0, 2), NDArrayIndex.interval(0, 2));
        assertFalse(Blas1.isDense(corner));
        Blas1.axpy(1, Nd4j.ones(DataType.FLOAT, 2, 2), corner);
        assertEquals(Nd4j.createFromArray(new float[][] {{2, 3, 3}, {5, 6, 6}, {7, 8, 9}}), big);

        INDArray broadcast = Nd4j.scalar(DataType.FLOAT, 10f).reshape(1, 1).broadcast(2, 3);
        INDArray y = matrix();
        Blas1.axpy(0.5, broadcast, y);
        assertEquals(matrix().add(5), y);

        INDArray transposed = Nd4j.createFromArray(new float[][] {{1, 4}, {2, 5}, {3, 6}}).transpose();
        INDArray z = matrix();
        Blas1.axpy(-1, transposed, z);
        assertEquals(Nd4j.zeros(DataType.FLOAT, 2, 3), z);
    }

    @Test
    void scalAndNormOnViewsAreRight() {
        INDArray big = matrix();
        INDArray column = big.getColumn(1);
        Blas1.scal(10, column);
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 20, 3}, {4, 50, 6}}), big);
        assertEquals(400 + 2500, Blas1.squaredNorm(big.getColumn(1)), 1e-3);
        assertEquals(1 + 16 + 400 + 2500 + 9 + 36, Blas1.squaredNorm(big), 1e-2);
    }
}
