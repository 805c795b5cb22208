package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.Window2d;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Conv2d and Conv1d: values worked by hand, PyTorch's parameter names, shapes and initialisation, and the errors. */
class ConvolutionTest {

    private static final DataType D = DataType.DOUBLE;

    private static Tensor tensor(double[] values, long... shape) {
        return Tensor.of(Nd4j.create(values, shape, 'c'));
    }

    @Test
    void conv2dSlidesTheKernelAsACrossCorrelation() {
        Conv2d conv = new Conv2d(1, 1, Window2d.of(2), 1, true, D, new Random(1));
        conv.weight().setData(Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 1, 2, 2}, 'c'));
        conv.bias().setData(Nd4j.createFromArray(0.5));
        Tensor x = tensor(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor y = conv.forward(x);
        assertArrayEquals(new long[] {1, 1, 2, 2}, y.shape());
        // window (0,0): 1·1 + 2·2 + 3·4 + 4·5 = 37
        assertArrayEquals(new double[] {37.5, 47.5, 67.5, 77.5}, y.toDoubleArray(), 1e-12);
    }

    @Test
    void paddingStrideAndDilationPlaceTheWindows() {
        // a 1×1 kernel of weight 1 with stride 2 picks every other pixel; padding 1 adds a ring of zeros first
        Conv2d picker = new Conv2d(1, 1, Window2d.of(1).withStride(2).withPadding(1), 1, false, D, new Random(2));
        picker.weight().setData(Nd4j.ones(D, 1, 1, 1, 1));
        Tensor x = tensor(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        assertArrayEquals(new double[] {0, 0, 0, 0, 5, 0, 0, 0, 0}, picker.forward(x).toDoubleArray(), 0);
        // dilation 2: a 2×2 kernel of ones reads the four corners of the 3×3 image
        Conv2d corners = new Conv2d(1, 1, Window2d.of(2).withDilation(2), 1, false, D, new Random(3));
        corners.weight().setData(Nd4j.ones(D, 1, 1, 2, 2));
        assertArrayEquals(new double[] {1 + 3 + 7 + 9}, corners.forward(x).toDoubleArray(), 0);
    }

    @Test
    void groupsConvolveTheirOwnChannels() {
        // two groups of one channel each, 1×1 kernels: each output channel scales its own input channel
        Conv2d conv = new Conv2d(2, 2, Window2d.of(1), 2, false, D, new Random(4));
        conv.weight().setData(Nd4j.create(new double[] {10, -1}, new long[] {2, 1, 1, 1}, 'c'));
        Tensor x = tensor(new double[] {1, 2, 3, 4}, 1, 2, 1, 2);
        assertArrayEquals(new double[] {10, 20, -3, -4}, conv.forward(x).toDoubleArray(), 0);
    }

    @Test
    void conv1dIsAConvolutionAlongOneAxis() {
        Conv1d diff = new Conv1d(1, 1, 2, 1, 0, 1, 1, false, D, new Random(5));
        diff.weight().setData(Nd4j.create(new double[] {-1, 1}, new long[] {1, 1, 2}, 'c'));
        Tensor x = tensor(new double[] {1, 2, 4, 7}, 1, 1, 4);
        assertArrayEquals(new long[] {1, 1, 3}, diff.forward(x).shape());
        assertArrayEquals(new double[] {1, 2, 3}, diff.forward(x).toDoubleArray(), 0);
        assertArrayEquals(new long[] {1, 3}, diff.forward(tensor(new double[] {1, 2, 4, 7}, 1, 4)).shape());
        Conv1d strided = new Conv1d(3, 4, 3, 2, 1, 2, 1, true, D, new Random(6));
        assertArrayEquals(new long[] {2, 4, 4}, strided.forward(Tensor.zeros(D, 2, 3, 9)).shape());
    }

    @Test
    void parametersHavePyTorchsNamesShapesAndInitialisation() {
        Conv2d conv = new Conv2d(4, 6, Window2d.of(3, 2), 2, true, D, new Random(7));
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.stateDict().keySet()));
        assertArrayEquals(new long[] {6, 2, 3, 2}, conv.weight().shape());
        assertArrayEquals(new long[] {6}, conv.bias().shape());
        double bound = 1 / Math.sqrt(2 * 3 * 2);
        for (double w : conv.weight().toDoubleArray()) {
            assertTrue(Math.abs(w) <= bound, () -> "weight " + w + " outside ±" + bound);
        }
        for (double b : conv.bias().toDoubleArray()) {
            assertTrue(Math.abs(b) <= bound, () -> "bias " + b + " outside ±" + bound);
        }
        assertTrue(conv.weight().norm().item() > 0);
        Conv1d conv1 = new Conv1d(4, 2, 5, 1, 0, 1, 2, false, D, new Random(8));
        assertEquals(List.of("weight"), List.copyOf(conv1.stateDict().keySet()));
        assertArrayEquals(new long[] {2, 2, 5}, conv1.weight().shape());
        assertEquals("Conv2d(4, 6, kernel=(3, 2), stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=2, "
                + "bias=true)  # 78 parameters", conv.toString());
        assertEquals("Conv1d(4, 2, kernel_size=5, stride=1, padding=0, dilation=1, groups=2, bias=false)  # 20 "
                + "parameters", conv1.toString());
    }

    @Test
    void theDefaultConstructorsFollowPyTorchsPositionalOrder() {
        Conv2d conv = new Conv2d(2, 4, 3, 2, 1, 1, 2);
        assertEquals(Window2d.of(3).withStride(2).withPadding(1), conv.window());
        assertEquals(2, conv.groups());
        assertArrayEquals(new long[] {1, 4, 3, 3},
                conv.forward(Tensor.zeros(conv.weight().dtype(), 1, 2, 5, 6)).shape());
    }

    @Test
    void errorsNameTheLayerAndTheProblem() {
        Conv2d conv = new Conv2d(3, 4, Window2d.of(3), 1, true, D, new Random(9));
        assertMessage(() -> conv.forward(Tensor.zeros(D, 2, 2, 5, 5)),
                "Conv2d: input DOUBLE[2, 2, 5, 5] must be [N, 3, H, W] (or unbatched, without N) with 3 channels");
        assertMessage(() -> conv.forward(Tensor.zeros(D, 5, 5)), "Conv2d: input DOUBLE[5, 5] must be [N, 3, H, W]");
        assertMessage(() -> conv.forward(Tensor.zeros(DataType.FLOAT, 1, 3, 5, 5)),
                "Conv2d: input FLOAT[1, 3, 5, 5] has dtype FLOAT, the layer DOUBLE");
        assertMessage(() -> conv.forward(Tensor.zeros(D, 1, 3, 2, 5)),
                "Conv2d: input DOUBLE[1, 3, 2, 5] is too small for kernel=(3, 3)");
        assertMessage(() -> new Conv2d(4, 6, 3, 1, 0, 1, 3), "Conv2d: groups 3 must be positive and divide both in=4");
        assertMessage(() -> new Conv2d(4, 6, 0), "Conv2d: kernel_size must be positive, got 0");
        assertMessage(() -> new Conv2d(4, 6, 3, 0, 0), "Conv2d: stride must be positive, got 0");
        assertMessage(() -> new Conv2d(4, 6, 3, 1, -1), "Conv2d: padding must not be negative, got -1");
        assertMessage(() -> new Conv2d(4, 6, 3, 1, 0, 0, 1), "Conv2d: dilation must be positive, got 0");
        assertMessage(() -> new Conv2d(0, 6, 3), "Conv2d: in and out channels must be positive");
        assertMessage(() -> new Conv1d(2, 2, 3, 1, 0, 1, 1, true, DataType.INT, new Random(1)),
                "Conv1d: needs a floating dtype, got INT");
        Conv1d conv1 = new Conv1d(2, 2, 3, 1, 0, 1, 1, true, D, new Random(10));
        assertMessage(() -> conv1.forward(Tensor.zeros(D, 1, 2, 5, 5)), "Conv1d: input DOUBLE[1, 2, 5, 5] must be "
                + "[N, 2, L]");
        assertMessage(() -> conv1.forward(Tensor.zeros(D, 1, 2, 2)), "Conv1d: input DOUBLE[1, 2, 2] is too small for kernel=(1, 3)");
    }
}
