package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FlatTensorsTest {

    private static Tensor leaf(DataType dtype, double[] values, long... shape) {
        return FlatTensors.tensor(values, shape, dtype).requiresGrad(true);
    }

    @Test
    void parametersTravelAsOneVectorOfTheirWidthAndComeBackExactly() {
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Tensor a = leaf(dtype, new double[] {1.5, -2, 3.25, 4, 5, 6}, 2, 3);
            Tensor b = leaf(dtype, new double[] {0.1}, 1);
            PrimitiveVector v = FlatTensors.values(List.of(a, b), dtype);
            assertEquals(dtype, v.dtype());
            assertEquals(7, v.length());
            assertEquals(7L * (dtype == DataType.FLOAT ? 4 : 8), v.payloadBytes());

            Tensor a2 = leaf(dtype, new double[6], 2, 3);
            Tensor b2 = leaf(dtype, new double[1], 1);
            FlatTensors.load(v, List.of(a2, b2));
            assertArrayEquals(a.toDoubleArray(), a2.toDoubleArray());
            assertArrayEquals(b.toDoubleArray(), b2.toDoubleArray(), "0.1 as " + dtype);
        }
    }

    @Test
    void gradientsArriveAsTheParametersOwnAndOnlyWhereTheBackwardReached() {
        Tensor used = leaf(DataType.DOUBLE, new double[] {1, 2}, 2);
        Tensor unused = leaf(DataType.DOUBLE, new double[] {3}, 1);
        used.mul(used).sum().backward(); // d/dx Σx² = 2x
        boolean[] reached = new boolean[2];
        PrimitiveVector g = FlatTensors.gradients(List.of(used, unused), DataType.DOUBLE, reached);
        assertArrayEquals(new boolean[] {true, false}, reached);
        assertArrayEquals(new double[] {2, 4, 0}, g.doubles());

        used.zeroGrad();
        FlatTensors.setGradients(g, List.of(used, unused), reached);
        assertArrayEquals(new double[] {2, 4}, used.grad().toDoubleArray());
        assertNull(unused.grad(), "not reached: no gradient, so an optimizer skips it");
        var size = assertThrows(IllegalArgumentException.class,
                () -> FlatTensors.setGradients(g, List.of(used), new boolean[] {true}));
        assertTrue(size.getMessage().contains("a gradient of 3 values for parameters of 2"), size.getMessage());
    }

    @Test
    void stateDictionariesRoundTripAndIntegersAreRoundedAfterAveraging() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put("state.0.step", Nd4j.scalar(DataType.LONG, 7));
        state.put("state.0.exp_avg", Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}}));
        Map<String, FlatArray> flat = FlatTensors.fromArrays(state);
        assertEquals("LONG[]", flat.get("state.0.step").toString());
        assertEquals(state, FlatTensors.toArrays(flat));

        WeightedArrays sum = WeightedArrays.of(flat, 1).add(WeightedArrays.of(Map.of("state.0.step",
                new FlatArray(new long[0], DataType.LONG, new double[] {8})), 2));
        Map<String, INDArray> mean = FlatTensors.toArrays(sum.averages());
        assertEquals(8, mean.get("state.0.step").getLong(0), "(7·1 + 8·2) / 3 = 7.67, rounded");
        assertEquals(DataType.LONG, mean.get("state.0.step").dataType());
        assertEquals(state.get("state.0.exp_avg"), mean.get("state.0.exp_avg"), "only one partition had it");
    }

    @Test
    void buffersAreCopiedIntoTheTensorsOfTheSameName() {
        Tensor running = Tensor.zeros(DataType.FLOAT, 2);
        Tensor count = Tensor.of(Nd4j.scalar(DataType.LONG, 0));
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        buffers.put("running_mean", running);
        buffers.put("num_batches_tracked", count);
        Map<String, FlatArray> values = new LinkedHashMap<>();
        values.put("running_mean", new FlatArray(new long[] {2}, DataType.FLOAT, new double[] {0.5, -1}));
        values.put("num_batches_tracked", new FlatArray(new long[0], DataType.LONG, new double[] {2.9999}));
        FlatTensors.loadTensors(values, buffers);
        assertArrayEquals(new double[] {0.5, -1}, running.toDoubleArray());
        assertEquals(3, count.item());
        assertThrows(IllegalArgumentException.class, () -> FlatTensors.loadTensors(Map.of(), buffers));
    }
}
