package dev.ndgrad.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.optim.SGD;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The memory a training step reuses: the intermediate results of a {@code Sequential} of built-in layers once
 * backward has consumed the graph, and a gradient nobody was handed once {@code zeroGrad} forgets it. Reuse must
 * change no value (compared with the same training with reuse turned off by forward hooks) and must not reach
 * memory a caller still holds.
 */
class BufferReuseTest {

    private static final int BATCH = 64;
    private static final int WIDTH = 64;

    /** Four Linear(64, 64) + ReLU blocks and a Linear(64, 10): every intermediate has 4,096 elements. */
    private static Sequential model(long seed) {
        List<Module> layers = new ArrayList<>();
        for (int l = 0; l < 4; l++) {
            layers.add(new Linear(WIDTH, WIDTH, true, DataType.FLOAT, seed + l));
            layers.add(new ReLU());
        }
        layers.add(new Linear(WIDTH, 10, true, DataType.FLOAT, seed + 4));
        return new Sequential(layers.toArray(new Module[0]));
    }

    /** Turns reuse of intermediates off: a forward hook may keep what it sees. */
    private static List<Tensor> hookEveryChild(Sequential model) {
        List<Tensor> seen = new ArrayList<>();
        for (Module child : model.namedChildren().values()) {
            child.registerForwardHook((m, in, out) -> seen.addAll(out));
        }
        return seen;
    }

    private static final class Training {
        final Sequential model;
        final SGD sgd;
        final Tensor x = Tensor.randn(new Random(7), DataType.FLOAT, BATCH, WIDTH);
        final Tensor y;

        Training(Sequential model) {
            this.model = model;
            this.sgd = new SGD(model.parameters(), 0.05);
            y = RandomLabels.of(BATCH, 10, 8);
        }

        double step() {
            sgd.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(x), y);
            loss.backward();
            sgd.step();
            return loss.item();
        }
    }

    @Test
    void reusedIntermediatesAndGradientsChangeNoValue() {
        Training reused = new Training(model(1));
        Training hooked = new Training(model(1));
        List<Tensor> seen = hookEveryChild(hooked.model);
        for (int s = 0; s < 30; s++) {
            assertEquals(hooked.step(), reused.step(), 0.0, "step " + s);
            seen.clear();
        }
        List<Tensor> a = reused.model.parameters();
        List<Tensor> b = hooked.model.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i).toDoubleArray(), a.get(i).toDoubleArray(), 0.0, "parameter " + i);
        }
    }

    @Test
    void aSteadyStepAllocatesFarLessThanWithoutReuse() {
        Training reused = new Training(model(2));
        Training hooked = new Training(model(2));
        List<Tensor> seen = hookEveryChild(hooked.model);
        long withReuse = bytesPerStep(reused, seen);
        long without = bytesPerStep(hooked, seen);
        // with its intermediates hooked, each step allocates its 8 intermediates of 16 kB anew
        assertTrue(without > 100_000, "the comparison measured nothing: " + without + " bytes per step without reuse");
        assertTrue(withReuse * 3 < without,
                "a step allocates " + withReuse + " bytes with reuse and " + without + " without");
    }

    private static long bytesPerStep(Training training, List<Tensor> seen) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int s = 0; s < 50; s++) {
            training.step();
            seen.clear();
        }
        int steps = 50;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int s = 0; s < steps; s++) {
            training.step();
            seen.clear();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / steps;
    }

    @Test
    void aGradientHandedOutKeepsItsValuesAfterZeroGrad() {
        Training training = new Training(model(3));
        training.step();
        Tensor w = training.model.parameters().get(0);
        Tensor handedOut = w.grad();
        double[] values = handedOut.toDoubleArray();
        for (int s = 0; s < 5; s++) {
            training.step();
        }
        assertArrayEquals(values, handedOut.toDoubleArray(), 0.0);
        assertTrue(w.grad() != handedOut, "each backward after zeroGrad makes a new gradient");
    }

    @Test
    void anIntermediateAHookKeptStaysReadableAfterBackward() {
        Sequential model = model(4);
        List<Tensor> kept = new ArrayList<>();
        model.namedChildren().get("1").registerForwardHook((m, in, out) -> kept.add(out.get(0)));
        Training training = new Training(model);
        training.step();
        Tensor relu = kept.get(0);
        double[] before = relu.toDoubleArray();
        training.step();
        assertArrayEquals(before, relu.toDoubleArray(), 0.0);
    }

    @Test
    void aRetainedGraphKeepsItsIntermediatesForAnotherBackward() {
        Sequential model = model(5);
        Tensor x = Tensor.randn(new Random(9), DataType.FLOAT, BATCH, WIDTH);
        Tensor loss = model.forward(x).square().mean();
        loss.backward(null, true);
        Tensor w = model.parameters().get(0);
        double[] once = w.grad().toDoubleArray();
        loss.backward(null, false);      // reads the intermediates again; then they are released
        double[] twice = w.grad().toDoubleArray();
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 1e-6 * (1 + Math.abs(once[i])), "element " + i);
        }
        List<Tensor> viaGrad = Autograd.grad(model.forward(x).square().mean(), List.of(w), false);
        assertArrayEquals(once, viaGrad.get(0).toDoubleArray(), 1e-6);
    }
}
