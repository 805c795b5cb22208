package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Layer and group normalisation on hand-computed values, their relations, parameters and errors. */
class NormalizationTest {

    private static final DataType D = DataType.DOUBLE;

    @Test
    void layerNormStandardisesEachRowThenScalesAndShifts() {
        // x = (1, 2, 3): μ = 2, σ² = 2/3, x̂ = (x − 2)/√(2/3 + ε)
        LayerNorm norm = new LayerNorm(new long[] {3}, 1e-5, true, D);
        Init.constant(norm.weight(), 2);
        Init.constant(norm.bias(), 0.5);
        Tensor x = Tensor.of(Nd4j.create(new double[][] {{1, 2, 3}, {10, 10, 13}}));
        double s = Math.sqrt(2.0 / 3 + 1e-5);
        double[] first = {2 * -1 / s + 0.5, 0.5, 2 * 1 / s + 0.5};
        double[] out = norm.forward(x).toDoubleArray();
        assertArrayEquals(first, java.util.Arrays.copyOf(out, 3), 1e-12);
        double s2 = Math.sqrt(2.0 + 1e-5);   // (10, 10, 13): μ = 11, σ² = 2
        assertEquals(2 * 2 / s2 + 0.5, out[5], 1e-12);
        assertEquals(List.of("weight", "bias"), List.copyOf(norm.namedParameters().keySet()));
    }

    @Test
    void layerNormOverSeveralAxesWithoutAffine() {
        LayerNorm norm = new LayerNorm(new long[] {2, 3}, 1e-5, false, D);
        assertNull(norm.weight());
        assertEquals(0, norm.parameterCount());
        Tensor x = Fixtures.randn(1, 4, 2, 3).mul(5.0).add(3.0);
        Tensor y = norm.forward(x);
        Tensor mean = y.mean(new int[] {1, 2}, false);
        Tensor variance = y.square().mean(new int[] {1, 2}, false);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, mean.toDoubleArray()[i], 1e-12);
            assertEquals(1, variance.toDoubleArray()[i], 1e-5);
        }
    }

    @Test
    void groupNormWithOneGroupIsLayerNormOverChannelsAndPositionsAndWithCGroupsIsInstanceNorm() {
        Tensor x = Fixtures.randn(2, 3, 4, 5);
        GroupNorm one = new GroupNorm(1, 4, 1e-5, false, D);
        LayerNorm layer = new LayerNorm(new long[] {4, 5}, 1e-5, false, D);
        assertArrayEquals(layer.forward(x).toDoubleArray(), one.forward(x).toDoubleArray(), 1e-12);
        GroupNorm instance = new GroupNorm(4, 4, 1e-5, false, D);
        assertArrayEquals(new LayerNorm(new long[] {5}, 1e-5, false, D).forward(x).toDoubleArray(),
                instance.forward(x).toDoubleArray(), 1e-12);
    }

    @Test
    void groupNormScalesAndShiftsPerChannel() {
        // two groups of two channels; x [1, 4]: each group (a, b) → (−1, 1)·|b − a|/2/√(((b − a)/2)² + ε)
        GroupNorm norm = new GroupNorm(2, 4, 1e-5, true, D);
        norm.weight().setData(Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0));
        norm.bias().setData(Nd4j.createFromArray(0.0, 0.0, 1.0, 1.0));
        Tensor x = Tensor.of(Nd4j.create(new double[][] {{1, 3, 5, 4}}));
        double a = 1 / Math.sqrt(1 + 1e-5);
        double b = 0.5 / Math.sqrt(0.25 + 1e-5);
        assertArrayEquals(new double[] {-a, 2 * a, 3 * b + 1, -4 * b + 1}, norm.forward(x).toDoubleArray(), 1e-12);
        assertEquals(List.of("weight", "bias"), List.copyOf(norm.namedParameters().keySet()));
    }

    @Test
    void errorsNameTheLayerAndTheShapes() {
        assertMessage(() -> new LayerNorm(new long[] {3}, 1e-5, true, D).forward(Fixtures.randn(1, 2, 4)),
                "LayerNorm([3]): input DOUBLE[2, 4] must end with the normalised shape [3]");
        assertMessage(() -> new LayerNorm(new long[] {3}, 1e-5, true, D).forward(Fixtures.randn(1, 3).to(DataType.FLOAT)),
                "dtype");
        assertMessage(() -> new LayerNorm(), "non-empty");
        assertMessage(() -> new GroupNorm(4, 6), "numChannels 6 must be a positive multiple of numGroups 4");
        assertMessage(() -> new GroupNorm(2, 6, 1e-5, true, D).forward(Fixtures.randn(1, 2, 4)),
                "GroupNorm(2, 6): input DOUBLE[2, 4] must be [batch, 6, *]");
        assertMessage(() -> new GroupNorm(2, 6, 0, true, D), "eps must be positive");
    }
}
