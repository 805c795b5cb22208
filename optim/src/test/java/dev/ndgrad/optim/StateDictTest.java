package dev.ndgrad.optim;

import static dev.ndgrad.optim.SgdTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ndgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Saving and restoring optimizer state: exact continuation, and validation before anything is applied. */
class StateDictTest {

    record Kind(String name, Function<List<Tensor>, Optimizer> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Kind> kinds() {
        return List.of(
                new Kind("SGD", ps -> new SGD(ps, 0.05)),
                new Kind("momentum", ps -> SGD.withMomentum(ps, 0.05, 0.9)),
                new Kind("nesterov", ps -> SGD.nesterov(ps, 0.05, 0.9)),
                new Kind("RMSprop", ps -> new RMSprop(ps, RMSprop.Config.of(0.01).withWeightDecay(1e-3))),
                new Kind("Adam", ps -> new Adam(ps, 0.01)),
                new Kind("AdamW", ps -> new AdamW(ps, 0.01, 0.01)));
    }

    /** A FLOAT parameter pair, a matrix and a vector, with a seeded start. */
    static List<Tensor> model() {
        return List.of(Tensor.randn(new Random(1), DataType.FLOAT, 3, 2).requiresGrad(true),
                Tensor.randn(new Random(2), DataType.FLOAT, 2).requiresGrad(true));
    }

    /** One step on the loss Σ W³ − Σ W (different gradients every step). */
    static void trainStep(Optimizer o) {
        o.zeroGrad();
        Tensor loss = null;
        for (Tensor p : o.params()) {
            Tensor term = p.pow(3).sum().sub(p.sum());
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        o.step();
    }

    static Map<String, INDArray> copyOf(List<Tensor> params) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            m.put("p" + i, params.get(i).data().dup());
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void restoredStateContinuesBitForBit(Kind kind) {
        List<Tensor> original = model();
        Optimizer first = kind.make().apply(original);
        for (int i = 0; i < 3; i++) {
            trainStep(first);
        }
        Map<String, INDArray> saved = first.stateDict();
        Map<String, INDArray> weights = copyOf(original);
        for (int i = 0; i < 4; i++) {
            trainStep(first);
        }

        List<Tensor> resumed = model();
        for (int i = 0; i < resumed.size(); i++) {
            resumed.get(i).setData(weights.get("p" + i));
        }
        Optimizer second = kind.make().apply(resumed);
        second.loadStateDict(saved);
        for (int i = 0; i < 4; i++) {
            trainStep(second);
        }
        for (int i = 0; i < resumed.size(); i++) {
            assertArrayEquals(original.get(i).toDoubleArray(), resumed.get(i).toDoubleArray(), 0,
                    kind + ": parameter " + i);
        }
        assertEquals(7, second.stateDict().get("state.0.step").getLong(0));
    }

    @Test
    void stateDictIsACopy() {
        List<Tensor> ps = model();
        Optimizer o = new Adam(ps, 0.01);
        trainStep(o);
        Map<String, INDArray> dict = o.stateDict();
        dict.get("state.0.exp_avg").assign(123);
        dict.get("group.0.lr").assign(5);
        assertEquals(0.01, o.learningRate());
        assertEquals(8, o.stateDict().size(), "lr, weight_decay + 2 × (step, exp_avg, exp_avg_sq)");
        assertNotEquals(123f, o.stateDict().get("state.0.exp_avg").getFloat(0));
    }

    @Test
    void loadingValidatesEverythingBeforeChangingAnything() {
        List<Tensor> ps = model();
        Optimizer o = new Adam(ps, 0.01);
        trainStep(o);
        Map<String, INDArray> good = o.stateDict();

        assertRejected(o, with(good, "state.0.exp_avg", Nd4j.zeros(DataType.FLOAT, 2, 3)), "state.0.exp_avg",
                "FLOAT[2, 3]", "FLOAT[3, 2]");
        assertRejected(o, with(good, "state.1.exp_avg_sq", Nd4j.zeros(DataType.DOUBLE, 2, 2)), "state.1.exp_avg_sq",
                "DOUBLE[2, 2]");
        assertRejected(o, with(good, "state.0.momentum_buffer", Nd4j.zeros(DataType.FLOAT, 3, 2)),
                "unknown key 'state.0.momentum_buffer'", "[exp_avg, exp_avg_sq]");
        assertRejected(o, with(good, "state.2.step", Nd4j.scalar(DataType.LONG, 1)), "state.2.step",
                "parameter 2", "has 2");
        assertRejected(o, with(good, "weights.0", Nd4j.scalar(1.0)), "unknown key 'weights.0'");
        assertRejected(o, with(good, "group.0.lr", Nd4j.scalar(DataType.DOUBLE, -1)), "group.0.lr", "-1");
        assertRejected(o, with(good, "state.0.step", Nd4j.scalar(DataType.DOUBLE, 1)), "state.0.step",
                "integer");
        Map<String, INDArray> missing = new LinkedHashMap<>(good);
        missing.remove("state.1.exp_avg");
        assertRejected(o, missing, "missing keys [state.1.exp_avg]");
        Map<String, INDArray> noRate = new LinkedHashMap<>(good);
        noRate.remove("group.0.lr");
        assertRejected(o, noRate, "missing key 'group.0.lr'");

        // an SGD with momentum cannot take Adam's state
        Optimizer sgd = SGD.withMomentum(model(), 0.1, 0.9);
        assertMessage(() -> sgd.loadStateDict(good), "SGD.loadStateDict", "unknown key 'state.0.exp_avg'",
                "[momentum_buffer]");
    }

    /** A rejected dictionary leaves the optimizer exactly as it was. */
    static void assertRejected(Optimizer o, Map<String, INDArray> dict, String... messageParts) {
        Map<String, INDArray> before = o.stateDict();
        assertMessage(() -> o.loadStateDict(dict), messageParts);
        Map<String, INDArray> after = o.stateDict();
        assertEquals(before.keySet(), after.keySet());
        for (String key : before.keySet()) {
            assertEquals(before.get(key), after.get(key), key + " unchanged");
        }
    }

    static Map<String, INDArray> with(Map<String, INDArray> dict, String key, INDArray value) {
        Map<String, INDArray> copy = new LinkedHashMap<>(dict);
        copy.put(key, value);
        return copy;
    }
}
