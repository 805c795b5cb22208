package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The p-norms: values, gradients (PyTorch's at the kinks) and the refused p. */
class NormTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private static Tensor matrix() {
        return Tensor.of(Nd4j.createFromArray(new double[][] {{3, -4, 0}, {1, 2, -2}}));
    }

    @Test
    void valuesOverAllElements() {
        Tensor x = matrix();
        assertEquals(12, x.norm(1).item(), 0);
        assertEquals(Math.sqrt(34), x.norm(2).item(), 1e-15);
        assertEquals(Math.sqrt(34), x.norm().item(), 1e-15);
        assertEquals(4, x.norm(INF).item(), 0);
        assertEquals(0, x.norm(2).rank());
    }

    @Test
    void valuesAlongAnAxis() {
        Tensor x = matrix();
        assertArrayEquals(new double[] {7, 5}, x.norm(1, 1, false).toDoubleArray(), 0);
        assertArrayEquals(new double[] {5, 3}, x.norm(2, 1, false).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {4, 2}, x.norm(INF, -1, false).toDoubleArray(), 0);
        assertArrayEquals(new long[] {2, 1}, x.norm(2, 1, true).shape());
        assertArrayEquals(new double[] {Math.sqrt(10), Math.sqrt(20), 2}, x.norm(2, 0, false).toDoubleArray(), 1e-15);
    }

    @Test
    void gradientOfTheEuclideanNormIsTheUnitVector() {
        Tensor x = Tensor.of(Nd4j.createFromArray(3.0, -4.0)).requiresGrad(true);
        x.norm().backward();
        assertArrayEquals(new double[] {0.6, -0.8}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void gradientsAlongAnAxisAtTheOriginAreZeroRowByRow() {
        // row 0 is the origin (subgradient 0), row 1 is not (x/‖x‖)
        Tensor x = Tensor.of(Nd4j.createFromArray(new double[][] {{0, 0}, {3, 4}})).requiresGrad(true);
        x.norm(2, 1, false).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0.6, 0.8}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void emptyTensorsHaveNormZeroForPOneAndTwo() {
        Tensor empty = Tensor.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 0);
        assertEquals(0, empty.norm(1).item(), 0);
        assertEquals(0, empty.norm(2).item(), 0);
    }

    @Test
    void otherPAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> matrix().norm(3));
        assertTrue(e.getMessage().contains("norm: p = 3.0 is not supported"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> matrix().norm(0.5, 0, false));
        var axis = assertThrows(IllegalArgumentException.class, () -> matrix().norm(2, 2, false));
        assertTrue(axis.getMessage().contains("norm: axis 2 is out of range"), axis.getMessage());
        var integer = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(3).norm(2));
        assertTrue(integer.getMessage().contains("floating-point"), integer.getMessage());
    }
}
