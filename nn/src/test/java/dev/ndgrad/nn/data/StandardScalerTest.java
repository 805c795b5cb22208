package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StandardScalerTest {

    @Test
    void fitComputesPopulationMeanAndStd() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 10}, {2, 10}, {3, 10}, {6, 10}});
        StandardScaler s = StandardScaler.fit(x);
        assertArrayEquals(new double[] {3, 10}, s.mean(), 1e-12);
        // sqrt(((1-3)² + (2-3)² + 0 + (6-3)²) / 4) = sqrt(14 / 4); the constant column gets σ = 1
        assertArrayEquals(new double[] {Math.sqrt(3.5), 1}, s.std(), 1e-12);
        INDArray z = s.transform(x);
        assertArrayEquals(new double[] {0, 0}, z.mean(0).toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {1, 0}, z.std(false, 0).toDoubleVector(), 1e-12);
        assertEquals(x, s.inverseTransform(z));
        assertEquals(4, s.fittedRows());
    }

    @Test
    void devAndTestAreTransformedWithTrainingStatisticsOnly() {
        Dataset d = DatasetTest.indexed(60).to(DataType.DOUBLE);
        TrainDevTest split = Splits.trainDevTest(d, 0.5, 0.25, 0.25, 4);
        // make dev and test come from a very different range, so that their own statistics would show
        TrainDevTest shifted = new TrainDevTest(split.train(), split.dev().withFeatures(split.dev().features().mul(
                100).add(5000)), split.test().withFeatures(split.test().features().mul(-7)));
        StandardScaler onTrain = StandardScaler.fit(shifted.train());
        assertEquals(shifted.train().size(), onTrain.fittedRows());
        assertArrayEquals(split.train().features().mean(0).toDoubleVector(), onTrain.mean(), 1e-9);

        TrainDevTest z = shifted.standardized();
        assertEquals(shifted.train().features().sub(split.train().features()).sumNumber().doubleValue(), 0.0);
        for (Dataset part : new Dataset[] {shifted.dev(), shifted.test()}) {
            INDArray expected = part.features().subRowVector(Nd4j.createFromArray(onTrain.mean()))
                    .divRowVector(Nd4j.createFromArray(onTrain.std()));
            INDArray actual = part == shifted.dev() ? z.dev().features() : z.test().features();
            assertTrue(expected.equalsWithEps(actual, 1e-9), "transformed with the training μ and σ");
        }
        assertArrayEquals(new double[] {0, 0}, z.train().features().mean(0).toDoubleVector(), 1e-9);
        assertTrue(z.dev().features().meanNumber().doubleValue() > 100, "dev is far from 0: its own mean was not used");
        assertEquals(split.dev().size(), z.dev().size());
        assertArrayEquals(split.dev().labels().toLongVector(), z.dev().labels().toLongVector());
    }

    @Test
    void keepsTheInputDtype() {
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 5}});
        StandardScaler s = StandardScaler.fit(x);
        assertEquals(DataType.FLOAT, s.transform(x).dataType());
        assertArrayEquals(new float[] {-1, -1, 1, 1}, s.transform(x).reshape(4).toFloatVector(), 1e-6f);
    }

    @Test
    void aConstantFloatColumnBecomesZeroNotNaN() {
        INDArray x = Nd4j.valueArrayOf(new long[] {7, 1}, 0.1f);
        INDArray z = StandardScaler.fit(x).transform(x);
        assertArrayEquals(new float[7], z.reshape(7).toFloatVector(), 1e-6f);
    }

    @Test
    void rejectsMismatchedFeatures() {
        StandardScaler s = StandardScaler.fit(Nd4j.rand(DataType.FLOAT, 5, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> s.transform(Nd4j.rand(DataType.FLOAT, 5, 2)));
        assertTrue(e.getMessage().contains("[5, 2]") && e.getMessage().contains("3 features"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StandardScaler.fit(Nd4j.rand(DataType.FLOAT, 5)));
        assertThrows(IllegalArgumentException.class, () -> s.transform(Nd4j.createFromArray(new int[][] {{1, 2, 3}})));
    }
}
