package dev.ndgrad.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.KernelPath;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.GradClip;
import dev.ndgrad.optim.Optimizer;
import dev.ndgrad.optim.SGD;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Plain SGD updates a large weight with OpenBLAS's {@code axpy} in native memory, where the weight lives from its
 * first step on: the products read it in place and write its gradient there. Every result must equal the same
 * training on ND4J's path (which has none of this), and the native path must actually be taken: the first layer here
 * has 320 × 256 = 81,920 weights, above the size from which weights move. Other optimizers keep JVM arrays.
 */
class NativeWeightGradientTest {

    private static final int BATCH = 32;

    private static Sequential model(DataType dtype) {
        return new Sequential(new Linear(320, 256, true, dtype, 11), new ReLU(), new Linear(256, 10, true, dtype, 12));
    }

    private static final class Run {
        final Sequential model;
        final Optimizer optimizer;
        final Tensor x;
        final Tensor y;

        Run(DataType dtype, Function<List<Tensor>, Optimizer> optimizer) {
            model = model(dtype);
            this.optimizer = optimizer.apply(model.parameters());
            x = Tensor.randn(new Random(3), dtype, BATCH, 320);
            y = RandomLabels.of(BATCH, 10, 4);
        }

        void backward() {
            Losses.crossEntropy(model.forward(x), y).backward();
        }

        void steps(int n, boolean clip) {
            for (int s = 0; s < n; s++) {
                optimizer.zeroGrad();
                backward();
                if (clip) {
                    GradClip.clipGradNorm(model.parameters(), 0.5);
                }
                optimizer.step();
            }
        }

        Tensor weight() {
            return model.parameters().get(0);
        }
    }

    private static void assertClose(double[] expected, double[] actual, DataType dtype, String what) {
        double tolerance = dtype == DataType.DOUBLE ? 1e-12 : 2e-5;
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * (1 + Math.abs(expected[i])), what + ", element " + i);
        }
    }

    private static Run onNd4j(DataType dtype, Function<List<Tensor>, Optimizer> optimizer, int steps, boolean clip) {
        try (KernelPath.Scope nd4j = KernelPath.nd4jOnly()) {
            Run run = new Run(dtype, optimizer);
            run.steps(steps, clip);
            return run;
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void plainSgdOnNativeWeightsMatchesNd4j(DataType dtype) {
        Run host = new Run(dtype, p -> new SGD(p, 0.1));
        host.steps(4, false);
        assertFalse(host.weight().storage().isHost(), "the weight moved into native memory at its first step");
        assertFalse(host.weight().gradForUpdate().storage().isHost(), "the weight's gradient was written natively");
        assertTrue(host.model.parameters().get(2).storage().isHost(), "a small weight stays a JVM array");
        Run nd4j = onNd4j(dtype, p -> new SGD(p, 0.1), 4, false);
        List<Tensor> a = host.model.parameters();
        List<Tensor> b = nd4j.model.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertClose(b.get(i).toDoubleArray(), a.get(i).toDoubleArray(), dtype, "parameter " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void adamAndClippingKeepJvmArraysAndMatchNd4j(DataType dtype) {
        Run host = new Run(dtype, p -> new Adam(p, 0.01));
        host.steps(3, true);
        assertTrue(host.weight().storage().isHost(), "Adam's loop updates a JVM array: the weight stays one");
        assertTrue(host.weight().gradForUpdate().storage().isHost(), "and so does its gradient");
        Run nd4j = onNd4j(dtype, p -> new Adam(p, 0.01), 3, true);
        assertClose(nd4j.weight().toDoubleArray(), host.weight().toDoubleArray(), dtype, "weight");
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void aNativeGradientAccumulatesAndIsReusedOnlyWhenNobodyHoldsIt(DataType dtype) {
        Run run = new Run(dtype, p -> new SGD(p, 0.1));
        run.backward();
        Tensor once = run.weight().grad();          // handed out: zeroGrad must not reuse its memory
        double[] single = once.toDoubleArray();
        run.backward();
        double[] twice = run.weight().grad().toDoubleArray();
        for (int i = 0; i < single.length; i++) {
            assertEquals(2 * single[i], twice[i], 1e-5 * (1 + Math.abs(single[i])), "accumulated element " + i);
        }
        double[] held = once.toDoubleArray();
        run.optimizer.zeroGrad();
        run.backward();                              // may take a pooled native array: not the one handed out
        assertArrayEquals(held, once.toDoubleArray(), 0.0, "a gradient handed out keeps its values");
        for (int round = 0; round < 3; round++) {     // a gradient nobody holds is reused: values stay right
            run.optimizer.zeroGrad();
            run.backward();
            assertClose(single, run.weight().gradForUpdate().toDoubleArray(), dtype, "round " + round);
        }
    }

    @Test
    void aNativeWeightSavesLoadsConvertsAndTrainsOn(@TempDir Path dir) {
        Run run = new Run(DataType.FLOAT, p -> new SGD(p, 0.1));
        run.steps(2, false);
        assertFalse(run.weight().storage().isHost());
        Path file = dir.resolve("model.npz");
        run.model.save(file);
        Sequential loaded = model(DataType.FLOAT);
        loaded.load(file);
        assertArrayEquals(run.model.forward(run.x).toDoubleArray(), loaded.forward(run.x).toDoubleArray(), 0.0,
                "a checkpoint of native weights round-trips bit for bit");

        double[] before = run.weight().toDoubleArray();
        run.model.to(DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, run.weight().dtype());
        assertArrayEquals(before, run.weight().toDoubleArray(), 0.0, "float to double is exact");
        Run doubles = new Run(DataType.DOUBLE, p -> new SGD(p, 0.1));
        doubles.model.loadStateDict(run.model.stateDict());
        SGD sgd = new SGD(run.model.parameters(), 0.1);
        for (int s = 0; s < 2; s++) {
            sgd.zeroGrad();
            Losses.crossEntropy(run.model.forward(doubles.x), doubles.y).backward();
            sgd.step();
        }
        doubles.steps(2, false);
        assertClose(doubles.weight().toDoubleArray(), run.weight().toDoubleArray(), DataType.DOUBLE,
                "a converted native weight trains as a fresh double one");
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void aRunResumedFromItsStateDictContinuesBitForBit(DataType dtype) {
        Run straight = new Run(dtype, p -> new SGD(p, 0.1));
        straight.steps(4, false);
        Run first = new Run(dtype, p -> new SGD(p, 0.1));
        first.steps(2, false);
        Run resumed = new Run(dtype, p -> new SGD(p, 0.1));
        resumed.model.loadStateDict(first.model.stateDict());
        resumed.steps(2, false);
        List<Tensor> a = straight.model.parameters();
        List<Tensor> b = resumed.model.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).toDoubleArray(), b.get(i).toDoubleArray(), 0.0, "parameter " + i);
        }
    }
}
