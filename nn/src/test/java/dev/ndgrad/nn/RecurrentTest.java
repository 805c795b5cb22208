package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RNN, LSTM and GRU: one step pinned to the formulas with hand-set weights, PyTorch's names and shapes, layouts
 * (batch-first, sequence-first, unbatched), states in and out, directions, dropout between layers, errors.
 */
class RecurrentTest {

    private static final DataType D = DataType.DOUBLE;
    private static final RecurrentOptions OPTIONS = RecurrentOptions.defaults().withDtype(D).withSeed(7);

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Sets every parameter of a one-unit layer from {@code values} (per gate, in PyTorch's order). */
    private static void set(Module layer, Map<String, double[]> values) {
        Map<String, Tensor> ps = layer.namedParameters();
        values.forEach((name, v) -> ps.get(name).setData(Nd4j.create(v, ps.get(name).shape(), D)));
    }

    private static Tensor scalarSequence(double... xs) {
        return Tensor.of(Nd4j.create(xs, new long[] {1, xs.length, 1}, D));   // [batch 1, seq, 1]
    }

    @Test
    void rnnStepIsTanhOfBothProjections() {
        RNN rnn = new RNN(1, 1, RNN.Nonlinearity.TANH, OPTIONS);
        set(rnn, Map.of("weight_ih_l0", new double[] {0.5}, "weight_hh_l0", new double[] {-0.8}, "bias_ih_l0",
                new double[] {0.1}, "bias_hh_l0", new double[] {0.2}));
        double h1 = Math.tanh(0.5 * 2 + 0.1 + 0.2);
        double h2 = Math.tanh(0.5 * -1 + 0.1 - 0.8 * h1 + 0.2);
        assertArrayEquals(new double[] {h1, h2}, rnn.forward(scalarSequence(2, -1)).toDoubleArray(), 1e-15);
        RNN relu = new RNN(1, 1, RNN.Nonlinearity.RELU, OPTIONS);
        set(relu, Map.of("weight_ih_l0", new double[] {1}, "weight_hh_l0", new double[] {1}, "bias_ih_l0",
                new double[] {0}, "bias_hh_l0", new double[] {0}));
        assertArrayEquals(new double[] {2, 1, 0}, relu.forward(scalarSequence(2, -1, -4)).toDoubleArray(), 0);
    }

    @Test
    void lstmStepFollowsThePyTorchGateOrder() {
        LSTM lstm = new LSTM(1, 1, OPTIONS);
        // gates i, f, g, o with distinct weights, so that a permuted order would give other numbers
        set(lstm, Map.of("weight_ih_l0", new double[] {0.1, 0.2, 0.3, 0.4}, "weight_hh_l0",
                new double[] {0.5, 0.6, 0.7, 0.8}, "bias_ih_l0", new double[] {0.01, 0.02, 0.03, 0.04}, "bias_hh_l0",
                new double[] {0, 0, 0, 0}));
        double x = 1.5;
        double h0 = 0.3;
        double c0 = -0.7;
        double i = sigmoid(0.1 * x + 0.5 * h0 + 0.01);
        double f = sigmoid(0.2 * x + 0.6 * h0 + 0.02);
        double g = Math.tanh(0.3 * x + 0.7 * h0 + 0.03);
        double o = sigmoid(0.4 * x + 0.8 * h0 + 0.04);
        double c1 = f * c0 + i * g;
        double h1 = o * Math.tanh(c1);
        LSTM.Output r = lstm.forward(scalarSequence(x), Tensor.of(Nd4j.create(new double[] {h0}, new long[] {1, 1, 1}, D)),
                Tensor.of(Nd4j.create(new double[] {c0}, new long[] {1, 1, 1}, D)));
        assertEquals(h1, r.output().item(), 1e-15);
        assertEquals(h1, r.hN().item(), 1e-15);
        assertEquals(c1, r.cN().item(), 1e-15);
    }

    @Test
    void gruStepUsesPyTorchsFormulaWithTheResetGateOnTheHiddenBias() {
        GRU gru = new GRU(1, 1, OPTIONS);
        set(gru, Map.of("weight_ih_l0", new double[] {0.1, 0.2, 0.3}, "weight_hh_l0", new double[] {0.4, 0.5, 0.6},
                "bias_ih_l0", new double[] {0.01, 0.02, 0.03}, "bias_hh_l0", new double[] {0.04, 0.05, 0.06}));
        double x = -0.9;
        double h = 0.4;
        double r = sigmoid(0.1 * x + 0.01 + 0.4 * h + 0.04);
        double z = sigmoid(0.2 * x + 0.02 + 0.5 * h + 0.05);
        double n = Math.tanh(0.3 * x + 0.03 + r * (0.6 * h + 0.06));
        double expected = (1 - z) * n + z * h;
        RecurrentOutput out = gru.forward(scalarSequence(x), Tensor.of(Nd4j.create(new double[] {h}, new long[] {1, 1, 1}, D)));
        assertEquals(expected, out.output().item(), 1e-15);
        assertEquals(expected, out.hN().item(), 1e-15);
    }

    @Test
    void parameterNamesShapesAndOrderArePyTorchs() {
        LSTM lstm = new LSTM(3, 5, OPTIONS.withNumLayers(2).withBidirectional(true));
        Map<String, INDArray> state = lstm.stateDict();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1",
                "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
                "bias_hh_l1_reverse"), List.copyOf(state.keySet()));
        assertArrayEquals(new long[] {20, 3}, state.get("weight_ih_l0").shape());
        assertArrayEquals(new long[] {20, 10}, state.get("weight_ih_l1_reverse").shape());
        assertArrayEquals(new long[] {20, 5}, state.get("weight_hh_l1").shape());
        assertArrayEquals(new long[] {20}, state.get("bias_hh_l0").shape());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"),
                List.copyOf(new GRU(2, 3, OPTIONS.withBias(false)).namedParameters().keySet()));
        double bound = 1 / Math.sqrt(5);
        for (INDArray a : state.values()) {   // PyTorch's U(−1/√H, 1/√H)
            assertTrue(a.amaxNumber().doubleValue() <= bound, "initial values within ±1/√H");
        }
        assertEquals("LSTM(3, 5, num_layers=2, batch_first=true, bidirectional=true)", lstm.toString().replaceAll("  #.*", ""));
    }

    @Test
    void layoutsAgreeBatchFirstSequenceFirstAndUnbatched() {
        Tensor x = Fixtures.randn(1, 2, 4, 3);              // [batch, seq, in]
        LSTM batchFirst = new LSTM(3, 2, OPTIONS.withSeed(3).withNumLayers(2));
        LSTM seqFirst = new LSTM(3, 2, OPTIONS.withSeed(3).withNumLayers(2).withBatchFirst(false));
        List<Tensor> a = batchFirst.forwardAll(List.of(x));
        List<Tensor> b = seqFirst.forwardAll(List.of(x.transpose(0, 1)));
        assertArrayEquals(new long[] {2, 4, 2}, a.get(0).shape());
        assertArrayEquals(a.get(0).toDoubleArray(), b.get(0).transpose(0, 1).toDoubleArray(), 1e-15);
        assertArrayEquals(a.get(1).toDoubleArray(), b.get(1).toDoubleArray(), 1e-15);
        assertArrayEquals(a.get(2).toDoubleArray(), b.get(2).toDoubleArray(), 1e-15);
        Tensor single = x.slice(0, 1, 2).reshape(4, 3);       // unbatched [seq, in]
        List<Tensor> c = batchFirst.forwardAll(List.of(single));
        assertArrayEquals(new long[] {4, 2}, c.get(0).shape());
        assertArrayEquals(new long[] {2, 2}, c.get(1).shape());
        assertArrayEquals(a.get(0).slice(0, 1, 2).toDoubleArray(), c.get(0).toDoubleArray(), 1e-15);
    }

    @Test
    void finalStatesAreTheLastStepsOfEachDirectionAndCarryOver() {
        Tensor x = Fixtures.randn(2, 3, 5, 2);
        GRU gru = new GRU(2, 4, OPTIONS.withBidirectional(true));
        RecurrentOutput whole = gru.forward(x, gru.zeroState(3));
        assertArrayEquals(new long[] {3, 5, 8}, whole.output().shape());
        assertArrayEquals(new long[] {2, 3, 4}, whole.hN().shape());
        // forward direction: the last step; backward direction: step 0
        assertArrayEquals(whole.output().slice(1, 4, 5).slice(2, 0, 4).toDoubleArray(),
                whole.hN().slice(0, 0, 1).toDoubleArray(), 0);
        assertArrayEquals(whole.output().slice(1, 0, 1).slice(2, 4, 8).toDoubleArray(),
                whole.hN().slice(0, 1, 2).toDoubleArray(), 0);
        assertArrayEquals(whole.output().toDoubleArray(), gru.forward(x).toDoubleArray(), 0, "zeroState = no state");
        // one direction: running the sequence in two chunks, carrying the state, is running it at once
        LSTM lstm = new LSTM(2, 3, OPTIONS.withNumLayers(2));
        LSTM.Output all = lstm.forward(x, lstm.zeroState(3), lstm.zeroState(3));
        LSTM.Output first = lstm.forward(x.slice(1, 0, 2), lstm.zeroState(3), lstm.zeroState(3));
        LSTM.Output rest = lstm.forward(x.slice(1, 2, 5), first.hN(), first.cN());
        assertArrayEquals(all.output().slice(1, 2, 5).toDoubleArray(), rest.output().toDoubleArray(), 1e-15);
        assertArrayEquals(all.cN().toDoubleArray(), rest.cN().toDoubleArray(), 1e-15);
    }

    @Test
    void dropoutActsBetweenLayersInTrainingOnly() {
        Tensor x = Fixtures.randn(3, 2, 3, 2);
        RNN rnn = new RNN(2, 3, RNN.Nonlinearity.TANH, OPTIONS.withNumLayers(2).withDropout(1.0));
        // p = 1 drops the whole first-layer output: the second layer sees zeros, h = tanh(b_ih + b_hh + W_hh h)
        Tensor trained = rnn.forward(x);
        RNN second = new RNN(2, 3, RNN.Nonlinearity.TANH, OPTIONS);
        Map<String, Tensor> ps = rnn.namedParameters();
        second.loadStateDict(Map.of("weight_ih_l0", Nd4j.zeros(D, 3, 2), "weight_hh_l0", ps.get("weight_hh_l1").data(),
                "bias_ih_l0", ps.get("bias_ih_l1").data(), "bias_hh_l0", ps.get("bias_hh_l1").data()));
        assertArrayEquals(second.forward(x).toDoubleArray(), trained.toDoubleArray(), 1e-15);
        rnn.eval();
        assertNotEquals(trained.toDoubleArray()[0], rnn.forward(x).toDoubleArray()[0]);
    }

    @Test
    void errorsNameTheLayerAndTheExpectedLayout() {
        LSTM lstm = new LSTM(3, 4, OPTIONS.withNumLayers(2));
        assertMessage(() -> lstm.forward(Fixtures.randn(1, 2, 5, 2)),
                "LSTM(3, 4): input DOUBLE[2, 5, 2] must be [batch, seq, 3]");
        assertMessage(() -> new LSTM(3, 4, OPTIONS.withBatchFirst(false)).forward(Fixtures.randn(1, 2, 5)),
                "must be [seq, batch, 3]");
        assertMessage(() -> lstm.forward(Fixtures.randn(1, 2, 5, 3).to(DataType.FLOAT)), "has dtype FLOAT, the layer DOUBLE");
        assertMessage(() -> lstm.forward(Fixtures.randn(1, 2, 5, 3), Fixtures.randn(2, 1, 2, 4), Fixtures.randn(3, 2, 2, 4)),
                "initial state h₀ DOUBLE[1, 2, 4] must be DOUBLE [2, 2, 4]");
        assertMessage(() -> lstm.forwardAll(List.of(Fixtures.randn(1, 2, 5, 3), lstm.zeroState(2), lstm.zeroState(2),
                lstm.zeroState(2))), "LSTM.forwardAll: takes the input and up to 2 initial states, got 4 tensors");
        assertMessage(() -> new GRU(0, 4), "inputSize and hiddenSize must be positive");
        assertMessage(() -> RecurrentOptions.defaults().withDropout(1.5), "dropout must be in [0, 1]");
        assertMessage(() -> RecurrentOptions.defaults().withNumLayers(0), "numLayers must be positive");
        assertThrows(NullPointerException.class, () -> new GRU(2, 3).forward(Fixtures.randn(1, 1, 1, 2), null));
    }
}
