package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.KernelPath;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A batch of no examples goes through layers as in PyTorch: an empty output of the right width, and zero
 * gradients of the parameters' shapes (it used to fail inside ND4J: "gemm() C array should NOT be a view").
 * On the host path and on ND4J.
 */
class EmptyBatchTest {

    private static final DataType D = DataType.DOUBLE;

    @SuppressWarnings("try")
    private static void onBothPaths(Runnable body) {
        body.run();
        try (var nd4j = KernelPath.nd4jOnly()) {
            body.run();
        }
    }

    @Test
    void linearOnAnEmptyBatchGivesAnEmptyOutputAndZeroGradients() {
        onBothPaths(() -> {
            Linear linear = new Linear(4, 3, true, D, 1L);
            Tensor y = linear.forward(Tensor.zeros(D, 0, 4));
            assertArrayEquals(new long[] {0, 3}, y.shape());
            y.sum().backward();
            assertArrayEquals(new double[12], linear.namedParameters().get("weight").grad().toDoubleArray(), 0);
            assertArrayEquals(new double[3], linear.namedParameters().get("bias").grad().toDoubleArray(), 0);
        });
    }

    @Test
    void aNetworkOnAnEmptyBatchGivesAnEmptyOutputAndGradientsOfEveryParameter() {
        onBothPaths(() -> {
            Sequential model = new Sequential(new Linear(4, 5, true, D, 2L), new ReLU(), new Linear(5, 2, true, D, 3L),
                    new Tanh());
            Tensor y = model.forward(Tensor.zeros(D, 0, 4));
            assertArrayEquals(new long[] {0, 2}, y.shape());
            y.sum().backward();
            model.namedParameters().forEach((name, p) -> {
                assertArrayEquals(p.shape(), p.grad().shape(), name);
                assertArrayEquals(new double[(int) p.size()], p.grad().toDoubleArray(), 0, name);
            });
        });
    }
}
