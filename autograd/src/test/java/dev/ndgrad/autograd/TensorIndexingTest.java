package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** get / select, matmul with vectors, where with a constant branch, and the range factories. */
class TensorIndexingTest {

    private static final DataType D = DataType.DOUBLE;

    /** [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]] */
    private static Tensor cube() {
        return Tensor.arange(D, 0, 12, 1).reshape(2, 2, 3);
    }

    @Test
    void getPicksElementsAndSlicesAsPyTorchIndexing() {
        Tensor x = cube();
        assertEquals(0, x.get(1, 0, 2).rank());
        assertEquals(8, x.get(1, 0, 2).item(), 0);
        assertEquals(11, x.get(-1, -1, -1).item(), 0);
        assertArrayEquals(new long[] {2, 3}, x.get(1).shape());
        assertArrayEquals(new double[] {6, 7, 8, 9, 10, 11}, x.get(1).toDoubleArray(), 0);
        assertArrayEquals(new double[] {3, 4, 5}, x.get(0, 1).toDoubleArray(), 0);
        assertEquals(x, x.get());
    }

    @Test
    void selectDropsTheAxis() {
        Tensor x = cube();
        assertArrayEquals(new long[] {2, 3}, x.select(1, 1).shape());
        assertArrayEquals(new double[] {3, 4, 5, 9, 10, 11}, x.select(1, 1).toDoubleArray(), 0);
        assertArrayEquals(new double[] {2, 5, 8, 11}, x.select(-1, -1).toDoubleArray(), 0);
    }

    @Test
    void gradientsReachThePickedElementsOnly() {
        Tensor x = cube().detach().requiresGrad(true);
        x.get(1, 0, 2).mul(3).add(x.select(2, 0).sum()).backward();
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0, 1, 0, 3, 1, 0, 0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void badIndicesAreNamed() {
        Tensor x = cube();
        var tooMany = assertThrows(IllegalArgumentException.class, () -> x.get(0, 0, 0, 0));
        assertTrue(tooMany.getMessage().contains("get: 4 indices for DOUBLE[2, 2, 3]"), tooMany.getMessage());
        var outside = assertThrows(IndexOutOfBoundsException.class, () -> x.get(0, 2));
        assertTrue(outside.getMessage().contains("get: index 2 is out of range for axis 0 of DOUBLE[2, 3] (size 2)"),
                outside.getMessage());
        var negative = assertThrows(IndexOutOfBoundsException.class, () -> x.select(2, -4));
        assertTrue(negative.getMessage().contains("select: index -4 is out of range for axis 2"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.select(3, 0));
    }

    @Test
    void matmulWithVectorsFollowsNumPy() {
        Tensor m = Tensor.of(Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        Tensor u = Tensor.of(Nd4j.createFromArray(1.0, 0.0, -1.0));
        Tensor v = Tensor.of(Nd4j.createFromArray(2.0, -1.0));
        assertEquals(0, u.matmul(u).rank());
        assertEquals(2, u.matmul(u).item(), 0);
        assertArrayEquals(new double[] {-2, -2}, m.matmul(u).toDoubleArray(), 0);
        assertArrayEquals(new double[] {-2, -1, 0}, v.matmul(m).toDoubleArray(), 0);
        Tensor batch = Tensor.stack(0, m, m.mul(2));
        assertArrayEquals(new long[] {2, 2}, batch.matmul(u).shape());
        assertArrayEquals(new double[] {-2, -2, -4, -4}, batch.matmul(u).toDoubleArray(), 0);
        assertArrayEquals(new long[] {2, 3}, v.matmul(batch).shape());
        assertArrayEquals(new double[] {-2, -1, 0, -4, -2, 0}, v.matmul(batch).toDoubleArray(), 0);
    }

    @Test
    void matmulWithVectorsDifferentiates() {
        Tensor m = Tensor.of(Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}})).requiresGrad(true);
        Tensor u = Tensor.of(Nd4j.createFromArray(1.0, 0.0, -1.0)).requiresGrad(true);
        m.matmul(u).sum().backward();
        assertArrayEquals(new double[] {1, 0, -1, 1, 0, -1}, m.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {5, 7, 9}, u.grad().toDoubleArray(), 0);
    }

    @Test
    void matmulWithVectorsNamesTheShapes() {
        Tensor m = Tensor.ones(D, 2, 3);
        var inner = assertThrows(IllegalArgumentException.class, () -> m.matmul(Tensor.ones(D, 2)));
        assertTrue(inner.getMessage().contains("matmul: [2, 3] @ [2]: inner dimensions 3 and 2 differ"),
                inner.getMessage());
        var scalar = assertThrows(IllegalArgumentException.class, () -> m.matmul(Tensor.scalar(D, 2)));
        assertTrue(scalar.getMessage().contains("rank-0 operand"), scalar.getMessage());
    }

    @Test
    void whereTakesAConstantForEitherBranch() {
        Tensor mask = Tensor.of(Nd4j.createFromArray(1.0, 0.0, 1.0));
        Tensor x = Tensor.of(Nd4j.createFromArray(5.0, 6.0, 7.0)).requiresGrad(true);
        Tensor y = Tensor.where(mask, x, -1.0);
        assertArrayEquals(new double[] {5, -1, 7}, y.toDoubleArray(), 0);
        assertArrayEquals(new double[] {9, 6, 9}, Tensor.where(mask, 9.0, x).toDoubleArray(), 0);
        y.sum().add(Tensor.where(mask, 9.0, x).sum()).backward();
        assertArrayEquals(new double[] {1, 1, 1}, x.grad().toDoubleArray(), 0);
        assertEquals(D, y.dtype());
    }

    @Test
    void arangeAsPyTorch() {
        Tensor ints = Tensor.arange(4);
        assertEquals(DataType.LONG, ints.dtype());
        assertArrayEquals(new double[] {0, 1, 2, 3}, ints.toDoubleArray(), 0);
        assertArrayEquals(new double[] {5, 3, 1}, Tensor.arange(5, 0, -2).toDoubleArray(), 0);
        assertEquals(0, Tensor.arange(0).size());
        Tensor tenths = Tensor.arange(D, 0, 1, 0.1);
        assertEquals(10, tenths.size());
        assertEquals(0.9, tenths.get(9).item(), 1e-15);
        assertEquals(3, Tensor.arange(D, 1, 2.5, 0.5).size());
        assertEquals(org.nd4j.linalg.factory.Nd4j.defaultFloatingPointType(), Tensor.arange(0.0, 1.0, 0.5).dtype());
        var zero = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0));
        assertTrue(zero.getMessage().contains("arange: step must not be 0"), zero.getMessage());
        var away = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(D, 0, 5, -1));
        assertTrue(away.getMessage().contains("points away from end"), away.getMessage());
    }

    @Test
    void linspaceHasBothEndsExactly() {
        Tensor x = Tensor.linspace(D, -1, 0.7, 7);
        assertEquals(7, x.size());
        assertEquals(-1, x.get(0).item(), 0);
        assertEquals(0.7, x.get(6).item(), 0);
        assertEquals(-1 + 1.7 / 6 * 2, x.get(2).item(), 1e-15);
        assertArrayEquals(new double[] {2.5}, Tensor.linspace(D, 2.5, 9, 1).toDoubleArray(), 0);
        assertEquals(0, Tensor.linspace(D, 0, 1, 0).size());
        assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(D, 0, 1, -1));
    }

    @Test
    void eyeAndTheLikeFactories() {
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, Tensor.eye(D, 2, 3).toDoubleArray(), 0);
        assertArrayEquals(new long[] {3, 3}, Tensor.eye(3).shape());
        Tensor like = Tensor.ones(DataType.FLOAT, 2, 5);
        assertEquals(DataType.FLOAT, Tensor.zerosLike(like).dtype());
        assertArrayEquals(new long[] {2, 5}, Tensor.onesLike(like).shape());
        assertArrayEquals(new double[10], Tensor.zerosLike(like).toDoubleArray(), 0);
        assertEquals(10, Tensor.onesLike(like).sum().item(), 0);
        DefaultGenerator.manualSeed(3);
        Tensor a = Tensor.randnLike(like);
        DefaultGenerator.manualSeed(3);
        assertArrayEquals(a.toDoubleArray(), Tensor.randn(DataType.FLOAT, 2, 5).toDoubleArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> Tensor.randnLike(Tensor.arange(3)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.eye(-1, 2));
    }
}
