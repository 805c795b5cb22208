package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Forward hooks (registration, order, removal, what call and forward run) and modules of several tensors. */
class ForwardHooksTest {

    private static final DataType D = DataType.DOUBLE;

    @Test
    void aHookSeesTheModuleItsInputsAndOutputsAndCanBeRemoved() {
        Linear layer = new Linear(3, 2, true, D, 1L);
        List<String> seen = new ArrayList<>();
        RemovableHandle first = layer.registerForwardHook((m, in, out) -> {
            assertSame(layer, m);
            seen.add("first " + in.get(0).shape()[0] + "→" + out.get(0).shape()[1]);
        });
        layer.registerForwardHook((m, in, out) -> seen.add("second"));
        Tensor x = Fixtures.randn(1, 4, 3);
        Tensor y = layer.call(x);
        assertArrayEquals(layer.forward(x).toDoubleArray(), y.toDoubleArray(), 0);
        assertEquals(List.of("first 4→2", "second"), seen, "registration order; forward itself runs no hook");
        first.remove();
        first.remove();   // twice: nothing more
        layer.call(x);
        assertEquals(List.of("first 4→2", "second", "second"), seen);
    }

    @Test
    void aHookForOneBlockAndAHookThatRemovesItself() {
        ReLU relu = new ReLU();
        int[] calls = {0};
        try (var hook = relu.registerForwardHook((m, in, out) -> calls[0]++)) {
            relu.call(Fixtures.randn(2, 2));
            relu.callAll(List.of(Fixtures.randn(3, 2)));
        }
        relu.call(Fixtures.randn(4, 2));
        assertEquals(2, calls[0]);
        RemovableHandle[] self = new RemovableHandle[1];
        self[0] = relu.registerForwardHook((m, in, out) -> {
            calls[0]++;
            self[0].remove();
        });
        relu.call(Fixtures.randn(5, 2));
        relu.call(Fixtures.randn(6, 2));
        assertEquals(3, calls[0]);
    }

    @Test
    void sequentialRunsItsChildrensHooks() {
        Linear a = new Linear(2, 3, true, D, 1L);
        Tanh b = new Tanh();
        Sequential model = new Sequential(a, b);
        List<Module> order = new ArrayList<>();
        a.registerForwardHook((m, in, out) -> order.add(m));
        b.registerForwardHook((m, in, out) -> order.add(m));
        model.forward(Fixtures.randn(1, 2, 2));
        assertEquals(List.of(a, b), order);
    }

    /** A module of two inputs and two outputs: (x, y) → (x + y, x − y). */
    static final class SumAndDifference extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.add(x);
        }

        @Override
        public List<Tensor> forwardAll(List<Tensor> inputs) {
            if (inputs.size() == 1) {
                return super.forwardAll(inputs);
            }
            return List.of(inputs.get(0).add(inputs.get(1)), inputs.get(0).sub(inputs.get(1)));
        }
    }

    @Test
    void sequentialChainsSeveralOutputsIntoSeveralInputs() {
        Sequential twice = new Sequential(new SumAndDifference(), new SumAndDifference());
        Tensor x = Tensor.of(1.0, 2.0).to(D);
        Tensor y = Tensor.of(5.0, 7.0).to(D);
        List<Tensor> out = twice.forwardAll(List.of(x, y));   // (x + y, x − y) → (2x, 2y)
        assertArrayEquals(new double[] {2, 4}, out.get(0).toDoubleArray(), 0);
        assertArrayEquals(new double[] {10, 14}, out.get(1).toDoubleArray(), 0);
        // an LSTM's [output, h, c] then a one-input layer: the error names the position and the layer
        LSTM lstm = new LSTM(2, 3, RecurrentOptions.defaults().withDtype(D).withSeed(1));
        Sequential bad = new Sequential(lstm, new Linear(3, 1, true, D, 2L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bad.forwardAll(List.of(Fixtures.randn(3, 1, 4, 2))));
        assertTrue(e.getMessage().contains("Sequential, module 1: Linear.forwardAll: takes one input, got 3"),
                e.getMessage());
        assertArrayEquals(new long[] {1, 4, 1}, bad.forward(Fixtures.randn(3, 1, 4, 2)).shape(),
                "forward(x) of a sequence layer is its output sequence, so the one-input chain works");
        assertThrows(IllegalArgumentException.class, () -> new ReLU().forwardAll(List.of()));
    }

    @Test
    void aMaskedSelfAttentionInsideAnEncoderStillRunsItsHooks() {
        Init.manualSeed(3);
        TransformerEncoderLayer t = new TransformerEncoderLayer(4, 2, 6, 0.0);
        t.to(D);
        MultiheadAttention sa = (MultiheadAttention) t.namedChildren().get("self_attn");
        List<long[]> shapes = new ArrayList<>();
        sa.registerForwardHook((m, in, out) -> shapes.add(out.get(0).shape()));
        t.forward(Fixtures.randn(4, 2, 3, 4), AttentionMask.causal());
        assertEquals(1, shapes.size());
        assertArrayEquals(new long[] {2, 3, 4}, shapes.get(0));
        assertThrows(NullPointerException.class, () -> new ReLU().registerForwardHook(null));
    }
}
