package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.KernelPath;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Max, average and adaptive average pooling: values and gradients worked by hand, PyTorch's conventions, errors. */
class PoolingTest {

    private static final DataType D = DataType.DOUBLE;

    /** 0, 1, …, n·n − 1 as a [1, 1, n, n] image. */
    private static Tensor square(int n) {
        return Tensor.arange(D, 0, n * n, 1).reshape(1, 1, n, n);
    }

    @Test
    @SuppressWarnings("try")
    void maxPoolingTakesTheMaximumAndSendsTheGradientThere() {
        for (boolean nd4j : new boolean[] {false, true}) {
            try (var scope = nd4j ? KernelPath.nd4jOnly() : null) {
                Tensor x = square(4).detach().requiresGrad(true);
                Tensor y = new MaxPool2d(2).forward(x);
                assertArrayEquals(new double[] {5, 7, 13, 15}, y.toDoubleArray(), 0);
                y.sum().backward();
                double[] expected = new double[16];
                expected[5] = expected[7] = expected[13] = expected[15] = 1;
                assertArrayEquals(expected, x.grad().toDoubleArray(), 0);
            }
        }
    }

    @Test
    void maxPoolingGivesTiesToTheFirstMaximumAsPyTorch() {
        Tensor x = Tensor.ones(D, 1, 1, 2, 2).requiresGrad(true);
        new MaxPool2d(2).forward(x).sum().backward();
        assertArrayEquals(new double[] {1, 0, 0, 0}, x.grad().toDoubleArray(), 0);
        // overlapping windows (stride 1) over a constant image: each window's first element gets the gradient
        Tensor flat = Tensor.ones(D, 1, 1, 2, 3).requiresGrad(true);
        new MaxPool2d(2, 1).forward(flat).sum().backward();
        assertArrayEquals(new double[] {1, 1, 0, 0, 0, 0}, flat.grad().toDoubleArray(), 0);
    }

    @Test
    void aNaNInAWindowIsItsMaximumAndGetsTheGradient() {
        Tensor x = Tensor.of(org.nd4j.linalg.factory.Nd4j.create(new double[] {1, Double.NaN, 5, 2},
                new long[] {1, 1, 2, 2}, 'c')).requiresGrad(true);
        Tensor y = new MaxPool2d(2).forward(x);
        assertTrue(Double.isNaN(y.item()));
        y.sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void maxPoolingPadsWithMinusInfinityAndDilates() {
        Tensor negative = square(3).add(1).neg();                   // −1 … −9
        Tensor y = new MaxPool2d(3, 1, 1).forward(negative);
        assertArrayEquals(new double[] {-1, -1, -2, -1, -1, -2, -4, -4, -5}, y.toDoubleArray(), 0);
        assertArrayEquals(new double[] {8}, new MaxPool2d(2, 1, 0, 2).forward(square(3)).toDoubleArray(), 0);
    }

    @Test
    void averagePoolingCountsThePaddingAsPyTorchDoesByDefault() {
        Tensor ones = Tensor.ones(D, 1, 1, 3, 3);
        assertArrayEquals(new double[] {4 / 9.0, 6 / 9.0, 4 / 9.0, 6 / 9.0, 1, 6 / 9.0, 4 / 9.0, 6 / 9.0, 4 / 9.0},
                new AvgPool2d(3, 1, 1).forward(ones).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1},
                new AvgPool2d(3, 1, 1, false, 0).forward(ones).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {2, 3, 2, 3, 4.5, 3, 2, 3, 2},
                new AvgPool2d(3, 1, 1, true, 2).forward(ones).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {2.5, 4.5, 10.5, 12.5}, new AvgPool2d(2).forward(square(4)).toDoubleArray(), 0);
    }

    @Test
    void averagePoolingSpreadsTheGradientOverEachWindow() {
        Tensor x = square(4).detach().requiresGrad(true);
        new AvgPool2d(2, 2).forward(x).sum().backward();
        assertArrayEquals(new double[] {.25, .25, .25, .25, .25, .25, .25, .25, .25, .25, .25, .25, .25, .25, .25, .25},
                x.grad().toDoubleArray(), 0);
    }

    @Test
    void adaptivePoolingUsesPyTorchsWindows() {
        Tensor row = Tensor.arange(D, 0, 5, 1).reshape(1, 1, 1, 5);
        // 5 → 3: [0, 2), [1, 4), [3, 5)
        assertArrayEquals(new double[] {0.5, 2, 3.5}, new AdaptiveAvgPool2d(1, 3).forward(row).toDoubleArray(), 1e-15);
        // 2 → 3 (more outputs than inputs): [0, 1), [0, 2), [1, 2)
        Tensor two = Tensor.of(org.nd4j.linalg.factory.Nd4j.create(new double[] {4, 8}, new long[] {1, 1, 1, 2}, 'c'));
        assertArrayEquals(new double[] {4, 6, 8}, new AdaptiveAvgPool2d(1, 3).forward(two).toDoubleArray(), 1e-15);
        Tensor x = Tensor.randn(new java.util.Random(1), D, 2, 3, 4, 5);
        Tensor global = new AdaptiveAvgPool2d(1).forward(x);
        assertArrayEquals(new long[] {2, 3, 1, 1}, global.shape());
        assertArrayEquals(x.mean(new int[] {2, 3}, true).toDoubleArray(), global.toDoubleArray(), 1e-15);
        // divisible sizes: the same as average pooling with kernel = stride = size / output
        assertArrayEquals(new AvgPool2d(2).forward(square(4)).toDoubleArray(),
                new AdaptiveAvgPool2d(2).forward(square(4)).toDoubleArray(), 1e-15);
    }

    @Test
    void unbatchedImagesPoolToo() {
        assertArrayEquals(new long[] {1, 2, 2}, new MaxPool2d(2).forward(Tensor.zeros(D, 1, 4, 4)).shape());
        assertArrayEquals(new long[] {3, 2, 2}, new AvgPool2d(2).forward(Tensor.zeros(D, 3, 4, 5)).shape());
        assertArrayEquals(new long[] {3, 2, 2}, new AdaptiveAvgPool2d(2).forward(Tensor.zeros(D, 3, 4, 5)).shape());
    }

    @Test
    void errorsNameTheLayerAndTheProblem() {
        assertMessage(() -> new MaxPool2d(2, 2, 2), "MaxPool2d: padding 2 must be at most half the kernel size 2");
        assertMessage(() -> new AvgPool2d(0), "AvgPool2d: kernel_size must be positive, got 0");
        assertMessage(() -> new MaxPool2d(2, 0), "MaxPool2d: stride must be positive, got 0");
        assertMessage(() -> new MaxPool2d(3).forward(Tensor.zeros(D, 1, 1, 2, 2)),
                "MaxPool2d: input DOUBLE[1, 1, 2, 2] is too small for kernel=(3, 3)");
        assertMessage(() -> new AvgPool2d(2).forward(Tensor.zeros(D, 4, 4)),
                "AvgPool2d: input DOUBLE[4, 4] must be a floating [N, C, H, W]");
        assertMessage(() -> new MaxPool2d(2).forward(Tensor.arange(16).reshape(1, 1, 4, 4)),
                "MaxPool2d: input LONG[1, 1, 4, 4] must be a floating");
        // dilation 2 over a single column: the window's two elements fall on the padding either side
        assertMessage(() -> new MaxPool2d(2, 1, 1, 2).forward(Tensor.zeros(D, 1, 1, 3, 1)),
                "MaxPool2d: with kernel=(2, 2), stride=(1, 1), padding=(1, 1), dilation=(2, 2) a window over the 3x1");
        assertMessage(() -> Tensor.zeros(D, 1, 1, 3, 1).maxPool2d(dev.ndgrad.autograd.Window2d.of(2).withPadding(1)
                .withDilation(2)), "maxPool2d: with kernel=(2, 2)");
        assertMessage(() -> new AdaptiveAvgPool2d(0, 2), "AdaptiveAvgPool2d: output size must be positive");
        assertMessage(() -> new AdaptiveAvgPool2d(2).forward(Tensor.zeros(D, 1, 1, 0, 3)),
                "AdaptiveAvgPool2d: input DOUBLE[1, 1, 0, 3] must be a floating [N, C, H, W]");
        assertMessage(() -> new AvgPool2d(2, 2, 0, true, -1), "AvgPool2d: divisorOverride must be positive");
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1)", new MaxPool2d(2).toString());
        assertTrue(new AvgPool2d(3, 1, 1, false, 0).toString().contains("count_include_pad=false"));
    }
}
