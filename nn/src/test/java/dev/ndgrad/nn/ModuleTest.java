package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertBitIdentical;
import static dev.ndgrad.nn.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Module bookkeeping: names and order, modes, gradients, dtype conversion, state dicts, descriptions. */
@SuppressWarnings("deprecation")   // DataType.LONG/INT: the integer dtypes ND4J actually creates
class ModuleTest {

    /** A hand-written model, registering its children explicitly. */
    static final class Mlp extends Module {
        final Linear fc1 = child("fc1", new Linear(4, 5, true, DataType.DOUBLE, 1L));
        final BatchNorm1d norm = child("norm", new BatchNorm1d(5, 1e-5, 0.1, DataType.DOUBLE));
        final Dropout drop = child("drop", new Dropout(0.5, 2L));
        final Linear fc2 = child("fc2", new Linear(5, 3, false, DataType.DOUBLE, 3L));

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(drop.forward(norm.forward(fc1.forward(x)).relu()));
        }
    }

    private static Sequential sequential() {
        return new Sequential(new Linear(4, 5, true, DataType.DOUBLE, 1L), new ReLU(),
                new Sequential(new Linear(5, 3, true, DataType.DOUBLE, 2L), new Tanh()));
    }

    @Test
    void namesFollowRegistrationOrderDepthFirstLikePyTorch() {
        assertEquals(List.of("0.weight", "0.bias", "2.0.weight", "2.0.bias"),
                List.copyOf(sequential().namedParameters().keySet()));
        Mlp mlp = new Mlp();
        assertEquals(List.of("fc1.weight", "fc1.bias", "norm.weight", "norm.bias", "fc2.weight"),
                List.copyOf(mlp.namedParameters().keySet()));
        assertEquals(List.of("norm.running_mean", "norm.running_var", "norm.num_batches_tracked"),
                List.copyOf(mlp.namedBuffers().keySet()));
        assertEquals(List.of("fc1.weight", "fc1.bias", "norm.weight", "norm.bias", "norm.running_mean",
                "norm.running_var", "norm.num_batches_tracked", "fc2.weight"), List.copyOf(mlp.stateDict().keySet()));
        assertEquals("fc1.weight", mlp.fc1.weight().name(), "tensors carry their qualified names for reports");
        assertEquals(List.of("fc1", "norm", "drop", "fc2"), List.copyOf(mlp.namedChildren().keySet()));
    }

    @Test
    void aSharedModuleIsListedOnceButSavedUnderEveryName() {
        Linear shared = new Linear(3, 3, true, DataType.DOUBLE, 1L);
        Sequential model = new Sequential(shared, new Tanh(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(model.namedParameters().keySet()));
        assertEquals(12, model.parameterCount());
        assertEquals("0.weight", shared.weight().name());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.stateDict().keySet()));
        model.loadStateDict(model.stateDict());
    }

    @Test
    void parametersAreTheTensorsForwardUses() {
        Sequential model = sequential();
        Linear first = (Linear) model.get(0);
        List<Tensor> ps = model.parameters();
        assertSame(first.weight(), ps.get(0));
        assertSame(first.bias(), ps.get(1));
        assertTrue(ps.stream().allMatch(Tensor::requiresGrad));
        Tensor x = Tensor.randn(new Random(5), DataType.DOUBLE, 2, 4);
        model.forward(x).sum().backward();
        assertTrue(ps.stream().allMatch(p -> p.grad() != null), "every parameter received a gradient");
        model.zeroGrad();
        assertTrue(ps.stream().allMatch(p -> p.grad() == null));
        assertEquals(4 * 5 + 5 + 5 * 3 + 3, model.parameterCount());
    }

    @Test
    void linearIsXTimesWTransposedPlusBiasWithPyTorchsLayout() {
        Linear layer = new Linear(3, 2, true, DataType.DOUBLE, 7L);
        layer.weight().setData(Nd4j.create(new double[][] {{1, 2, 3}, {-1, 0, 1}}));
        layer.bias().setData(Nd4j.createFromArray(0.5, -0.5));
        Tensor x = Tensor.of(Nd4j.create(new double[][] {{1, 1, 1}, {2, 0, -1}}));
        assertArrayEquals(new double[] {6.5, -0.5, -0.5, -3.5}, layer.forward(x).toDoubleArray(), 1e-15);
        assertNull(new Linear(3, 2, false).bias());
        var features = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Tensor.zeros(DataType.DOUBLE, 2, 4)));
        assertTrue(features.getMessage().contains("Linear(in=3, out=2)") && features.getMessage().contains("[2, 4]"),
                features.getMessage());
        var dtype = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Tensor.zeros(DataType.FLOAT, 2, 3)));
        assertTrue(dtype.getMessage().contains("FLOAT") && dtype.getMessage().contains("DOUBLE"), dtype.getMessage());
    }

    @Test
    void linearKeepsLeadingAxesAndTakesAVectorAsPyTorch() {
        Linear layer = new Linear(3, 2, true, DataType.DOUBLE, 7L);
        Init.normal(layer.bias(), 1.0, new Random(8));
        Tensor x = Fixtures.randn(9, 2, 4, 3);
        Tensor y = layer.forward(x);
        assertArrayEquals(new long[] {2, 4, 2}, y.shape());
        assertArrayEquals(layer.forward(x.reshape(8, 3)).toDoubleArray(), y.toDoubleArray(), 1e-15);
        Tensor v = x.slice(0, 0, 1).slice(1, 0, 1).reshape(3);
        assertArrayEquals(new long[] {2}, layer.forward(v).shape());
        assertArrayEquals(y.slice(0, 0, 1).slice(1, 0, 1).toDoubleArray(), layer.forward(v).toDoubleArray(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.scalar(DataType.DOUBLE, 1)));
    }

    @Test
    void trainAndEvalAreRecursive() {
        Mlp mlp = new Mlp();
        assertTrue(mlp.isTraining() && mlp.drop.isTraining());
        assertSame(mlp, mlp.eval());
        assertFalse(mlp.isTraining() || mlp.drop.isTraining() || mlp.norm.isTraining() || mlp.fc1.isTraining());
        mlp.train();
        assertTrue(mlp.norm.isTraining());
    }

    @Test
    void toConvertsParametersAndBuffersInPlace() {
        Mlp mlp = new Mlp();
        Tensor before = mlp.fc1.weight();
        List<Tensor> parameters = mlp.parameters();
        Tensor runningMean = mlp.namedBuffers().get("norm.running_mean");
        double[] values = before.toDoubleArray();
        assertSame(mlp, mlp.to(DataType.FLOAT));
        Tensor after = mlp.fc1.weight();
        assertSame(before, after, "the same tensor object, converted in place");
        for (int i = 0; i < parameters.size(); i++) {
            assertSame(parameters.get(i), mlp.parameters().get(i));
            assertEquals(DataType.FLOAT, parameters.get(i).dtype());
        }
        assertSame(runningMean, mlp.namedBuffers().get("norm.running_mean"));
        assertEquals(DataType.FLOAT, after.dtype());
        assertTrue(after.requiresGrad());
        assertEquals("fc1.weight", after.name());
        assertEquals(DataType.FLOAT, mlp.namedBuffers().get("norm.running_var").dtype());
        assertEquals(DataType.LONG, mlp.namedBuffers().get("norm.num_batches_tracked").dtype(), "counters stay integer");
        assertSame(after, mlp.parameters().get(0), "parameters() sees the converted tensors");
        // forward reads through the handles: FLOAT input works now, and the values were kept
        Tensor y = mlp.forward(Tensor.randn(new Random(1), DataType.FLOAT, 3, 4));
        assertEquals(DataType.FLOAT, y.dtype());
        double[] converted = after.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            assertEquals((float) values[i], converted[i]);
        }
        y.sum().backward();
        assertEquals(DataType.FLOAT, after.grad().dtype());
        assertThrows(IllegalArgumentException.class, () -> mlp.to(DataType.INT));
    }

    /** Convolutions and per-channel norms reshape their parameters in every forward; conversion still works. */
    @Test
    void aConvolutionalModelConvertsAfterAForwardPass() {
        Module cnn = new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new GroupNorm(2, 4),
                new Flatten(), new Linear(4 * 5 * 5, 3));
        Tensor x = Tensor.randn(new Random(2), DataType.FLOAT, 2, 1, 5, 5);
        cnn.forward(x).sum().backward();
        List<Tensor> before = cnn.parameters();
        cnn.to(DataType.DOUBLE);
        assertEquals(before, cnn.parameters(), "the same parameter objects");
        before.forEach(p -> assertEquals(DataType.DOUBLE, p.dtype()));
        Tensor y = cnn.forward(x.to(DataType.DOUBLE));
        y.sum().backward();
        assertEquals(DataType.DOUBLE, y.dtype());
        before.forEach(p -> assertEquals(DataType.DOUBLE, p.grad().dtype()));
    }

    /** The usual way to gradient-check a model built in FLOAT: convert it, then check its own parameters. */
    @Test
    void aModelConvertedToDoubleCanBeGradientChecked() {
        Module model = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)).to(DataType.DOUBLE);
        Tensor x = Tensor.randn(new Random(1), DataType.DOUBLE, 5, 3);
        Tensor y = Tensor.indices(0, 1, 1, 0, 1);
        Fixtures.assertPassed(GradCheck.check(ps -> Losses.crossEntropy(model.forward(x), y), model.parameters()));
    }

    @Test
    void stateDictRoundTripAndValidationBeforeCopying() {
        Mlp source = new Mlp();
        source.forward(Tensor.randn(new Random(4), DataType.DOUBLE, 6, 4));   // moves the running statistics
        Mlp target = new Mlp();
        Init.normal(target.fc1.weight(), 1, new java.util.Random(1));
        Tensor weightObject = target.fc1.weight();
        target.loadStateDict(source.stateDict());
        assertBitIdentical(snapshot(source), target);
        assertSame(weightObject, target.fc1.weight(), "loading copies into the same tensors");

        Map<String, byte[]> unchanged = snapshot(target);
        Map<String, INDArray> bad = new HashMap<>(source.stateDict());
        bad.remove("fc1.bias");
        bad.put("fc1.bais", Nd4j.zeros(DataType.DOUBLE, 5));
        bad.put("fc2.weight", Nd4j.zeros(DataType.DOUBLE, 5, 3));
        bad.put("norm.running_mean", Nd4j.zeros(DataType.INT, 5));   // FLOAT would load (cast); integers do not
        bad.put("fc1.weight", Nd4j.ones(DataType.DOUBLE, 5, 4));   // valid, but must not be copied either
        var e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(bad));
        String m = e.getMessage();
        assertTrue(m.contains("Mlp") && m.contains("missing: [fc1.bias]") && m.contains("unexpected: [fc1.bais]")
                && m.contains("fc2.weight: got DOUBLE[5, 3], the model has DOUBLE[3, 5]")
                && m.contains("norm.running_mean: got INT[5], the model has DOUBLE[5]"), m);
        assertBitIdentical(unchanged, target);
    }

    @Test
    void registrationErrorsAreClear() {
        var duplicate = assertThrows(IllegalArgumentException.class, () -> new Module() {
            final Linear a = child("a", new Linear(1, 1));
            final Linear b = child("a", new Linear(1, 1));

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        });
        assertTrue(duplicate.getMessage().contains("'a' is already registered"), duplicate.getMessage());
        var dotted = assertThrows(IllegalArgumentException.class, () -> new Module() {
            final Parameter p = param("w.x", Tensor.zeros(2));

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        });
        assertTrue(dotted.getMessage().contains("'w.x'"), dotted.getMessage());
    }

    @Test
    void toStringIsATreeWithParameterCounts() {
        String expected = String.join("\n",
                "Sequential(  # 43 parameters",
                "  (0): Linear(in=4, out=5, bias=true)  # 25 parameters",
                "  (1): ReLU()",
                "  (2): Sequential(  # 18 parameters",
                "    (0): Linear(in=5, out=3, bias=true)  # 18 parameters",
                "    (1): Tanh()",
                "  )",
                ")");
        assertEquals(expected, sequential().toString());
        assertEquals("LeakyReLU(slope=0.2)", new LeakyReLU(0.2).toString());
        assertEquals("Softmax(axis=1)", new Softmax(1).toString());
    }
}
