package dev.ndgrad.autograd;

import static dev.ndgrad.autograd.KernelPaths.onBothPaths;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Tensors with a dimension of size 0, as NumPy and PyTorch treat them: a sum of nothing is 0, a mean NaN, a
 * product over an empty inner dimension zeros, a maximum of nothing an error naming the op; every gradient has
 * its input's shape. Each case once failed with an ND4J message; each runs on the host path and on ND4J.
 * ({@link EmptyShapeProperties} runs every op of the table on empty shapes.)
 */
class ZeroSizeTest {

    private static final DataType D = DataType.DOUBLE;

    private static Tensor leaf(long... shape) {
        return Tensor.randn(new Random(shape.length), D, shape).requiresGrad(true);
    }


    @Test
    void anEmptyTensorBroadcastsWithASizeOneAxis() {
        onBothPaths(() -> {
            Tensor a = leaf(4, 0);
            Tensor b = leaf(4, 1);
            Tensor y = a.add(b);
            assertArrayEquals(new long[] {4, 0}, y.shape());
            y.sum().backward();
            assertArrayEquals(new long[] {4, 0}, a.grad().shape());
            assertArrayEquals(new double[] {0, 0, 0, 0}, b.grad().toDoubleArray(), 0);
            assertArrayEquals(new long[] {4, 1}, b.grad().shape());
        });
    }

    @Test
    void concatWithAnEmptyPartJoinsAndSplitsTheGradientBack() {
        onBothPaths(() -> {
            Tensor empty = leaf(0, 5);
            Tensor full = leaf(5, 5);
            Tensor y = Tensor.concat(0, empty, full);
            assertArrayEquals(new long[] {5, 5}, y.shape());
            assertArrayEquals(full.toDoubleArray(), y.toDoubleArray(), 0);
            y.mul(2.0).sum().backward();
            assertArrayEquals(new long[] {0, 5}, empty.grad().shape());
            assertArrayEquals(Tensor.full(D, 2, 5, 5).toDoubleArray(), full.grad().toDoubleArray(), 0);
        });
    }

    @Test
    void reductionsOverANonEmptyAxisOfAnEmptyTensorAreEmpty() {
        onBothPaths(() -> {
            Tensor x = leaf(0, 3);
            assertArrayEquals(new long[] {0}, x.max(1, false).shape());
            assertArrayEquals(new long[] {0, 3}, x.softmax(1).shape());
            assertArrayEquals(new long[] {0, 3}, x.softmax(0).shape());
            assertArrayEquals(new long[] {0, 3}, x.logSoftmax(1).shape());
            assertArrayEquals(new long[] {0}, x.logSumExp(1, false).shape());
            Tensor y = x.max(1, true).add(x.softmax(0)).add(x.logSumExp(1, true)).sum();
            y.backward();
            assertEquals(0, y.item());
            assertArrayEquals(new long[] {0, 3}, x.grad().shape());
        });
    }

    @Test
    void reductionsOverAnEmptyAxisFollowNumpy() {
        onBothPaths(() -> {
            Tensor x = leaf(0, 3);
            // the log of an empty sum, as torch.logsumexp; a sum of nothing is 0
            assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY}, x.logSumExp(0, false).toDoubleArray(), 0);
            assertArrayEquals(new double[] {0, 0, 0}, x.sum(0, false).toDoubleArray(), 0);
            IllegalArgumentException max = assertThrows(IllegalArgumentException.class, () -> x.max(0, false));
            assertTrue(max.getMessage().startsWith("max: axis 0 of"), max.getMessage());
            IllegalArgumentException min = assertThrows(IllegalArgumentException.class, () -> x.min(0, false));
            assertTrue(min.getMessage().startsWith("min: axis 0 of"), min.getMessage());
            IllegalArgumentException all = assertThrows(IllegalArgumentException.class, x::max);
            assertTrue(all.getMessage().startsWith("max: DOUBLE[0, 3] has no elements"), all.getMessage());
        });
    }

    @Test
    void aProductOverAnEmptyInnerDimensionIsZeros() {
        onBothPaths(() -> {
            Tensor a = leaf(2, 0);
            Tensor b = leaf(0, 3);
            Tensor y = a.matmul(b);
            assertArrayEquals(new long[] {2, 3}, y.shape());
            assertArrayEquals(new double[6], y.toDoubleArray(), 0);
            y.sum().backward();
            assertArrayEquals(new long[] {2, 0}, a.grad().shape());
            assertArrayEquals(new long[] {0, 3}, b.grad().shape());
            Tensor batched = leaf(0, 2, 4).matmul(leaf(4, 3));
            assertArrayEquals(new long[] {0, 2, 3}, batched.shape());
        });
    }

    @Test
    void theMeanOfNothingIsNanWithOrWithoutAnAxisAndTheSumIsZero() {
        onBothPaths(() -> {
            Tensor x = leaf(0, 3);
            assertTrue(Double.isNaN(x.mean().item()));
            assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN}, x.mean(0, false).toDoubleArray(), 0);
            assertEquals(0, x.sum().item());
            x.sum().backward();
            assertArrayEquals(new long[] {0, 3}, x.grad().shape());
        });
    }

    @Test
    void flattenKeepsTheFeaturesOfAnEmptyBatch() {
        onBothPaths(() -> assertArrayEquals(new long[] {0, 20}, leaf(0, 4, 5).flatten().shape()));
    }

    @Test
    void aGradientCheckOfEmptyInputsComparesNothingAndSaysSo() {
        GradCheckResult r = GradCheck.check(in -> in.get(0).exp().sum(), java.util.List.of(leaf(0, 3)));
        assertTrue(r.isInconclusive(), r::toString);
        assertTrue(r.inconclusiveReason().orElseThrow().startsWith("every input is empty"), r::toString);
    }
}
