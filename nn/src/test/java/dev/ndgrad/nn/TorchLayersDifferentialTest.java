package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.Window2d;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layers against PyTorch (Debian's {@code python3-torch}), in DOUBLE: each layer's state dict moves to
 * PyTorch as an {@code .npz} with PyTorch's names and loads strictly (so names and shapes match), the same
 * inputs go through both, and the outputs and the gradients of {@code L = Σᵢ Σ outᵢ ⊙ rᵢ} (random fixed
 * {@code rᵢ}) with respect to every parameter and every floating input must agree to 1e−9. One Python run
 * serves every case; skipped, with a message, where PyTorch cannot be imported.
 */
@SuppressWarnings("deprecation")   // DataType.LONG: the integer dtype of ndgrad's index tensors
class TorchLayersDifferentialTest {

    private static final double TOLERANCE = 1e-9;
    private static final DataType D = DataType.DOUBLE;

    @TempDir
    Path dir;

    /** A layer, its named inputs (floating ones are differentiated) and how ndgrad runs it. */
    private record Case(String name, Module module, Map<String, Tensor> inputs,
            Function<Map<String, Tensor>, List<Tensor>> run, boolean gradients) {}

    /** What ndgrad computed for a case. */
    private record Ours(List<Tensor> outputs, Map<String, Tensor> inputs) {}

    @TestFactory
    Stream<DynamicTest> everyLayerAgreesWithPyTorchOnOutputsAndGradients() throws Exception {
        PythonScripts.assumeModule("torch", "apt-get install -y python3-torch");
        List<Case> cases = cases();
        Map<String, Ours> ours = new LinkedHashMap<>();
        List<String> args = new ArrayList<>(List.of(dir.toString()));
        for (Case c : cases) {
            ours.put(c.name(), runOurs(c));
            args.add(c.name());
        }
        PythonScripts.run("torch_layers.py", dir, args.toArray(String[]::new));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> compare(c, ours.get(c.name()))));
    }

    private Ours runOurs(Case c) throws Exception {
        write(c.name() + ".state.npz", c.module().stateDict());
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        c.inputs().forEach((name, t) -> inputs.put(name, t.dtype().isFPType() && !name.equals("additive")
                ? t.copy().requiresGrad(true) : t));
        List<Tensor> outputs = c.run().apply(inputs);
        Map<String, INDArray> data = new LinkedHashMap<>();
        inputs.forEach((name, t) -> data.put(name, t.data()));
        Tensor loss = null;
        for (int i = 0; i < outputs.size(); i++) {
            Tensor r = Fixtures.randn(100 + i, outputs.get(i).shape());
            data.put("r" + i, r.data());
            Tensor term = outputs.get(i).mul(r).sum();
            loss = loss == null ? term : loss.add(term);
        }
        write(c.name() + ".data.npz", data);
        if (c.gradients()) {
            loss.backward();
        }
        return new Ours(outputs, inputs);
    }

    private void compare(Case c, Ours ours) throws Exception {
        Map<String, INDArray> torch = Npz.read(dir.resolve(c.name() + ".torch.npz"));
        for (int i = 0; i < ours.outputs().size(); i++) {
            assertClose(torch.get("out" + i), ours.outputs().get(i).data(), "output " + i);
        }
        if (!c.gradients()) {
            return;   // outputs with NaN rows: the gradients are NaN on both sides, nothing to compare
        }
        int compared = 0;
        for (Map.Entry<String, Tensor> p : c.module().namedParameters().entrySet()) {
            assertNotNull(p.getValue().grad(), "no gradient reached " + p.getKey());
            assertClose(torch.get("grad." + p.getKey()), p.getValue().grad().data(), "gradient of " + p.getKey());
            compared++;
        }
        for (Map.Entry<String, Tensor> in : ours.inputs().entrySet()) {
            if (in.getValue().requiresGrad()) {
                assertClose(torch.get("dinput." + in.getKey()), in.getValue().grad().data(),
                        "gradient of input " + in.getKey());
                compared++;
            }
        }
        assertTrue(compared > 0, c.name() + ": no gradient was compared");
        for (Map.Entry<String, Tensor> b : c.module().namedBuffers().entrySet()) {
            assertClose(torch.get("buffer." + b.getKey()), b.getValue().data(), "buffer " + b.getKey());
        }
    }

    // ------------------------------------------------------------------ the cases (mirrored in torch_layers.py)

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Embedding embedding = new Embedding(10, 4, 2, D, new Random(1));
        Init.normal(embedding.weight(), 1.0, new Random(2));   // a non-zero padding row must pass through unchanged
        cases.add(one("embedding", embedding, "indices", indices(new long[] {3, 5}, 2, 7, 2, 0, 9, 7, 2, 2, 1, 3, 7, 5, 4, 2, 8)));
        cases.add(one("embedding_negative_padding", new Embedding(6, 3, -1, D, new Random(3)), "indices",
                indices(new long[] {7}, 5, 0, 5, 1, 4, 5, 2)));
        cases.add(one("layer_norm", perturbed(new LayerNorm(new long[] {3, 4}, 1e-5, true, D), 4), "x",
                Fixtures.randn(5, 2, 5, 3, 4)));
        cases.add(one("layer_norm_plain", new LayerNorm(new long[] {5}, 1e-3, false, D), "x",
                Fixtures.randn(6, 4, 5).mul(3.0).add(1.0)));
        cases.add(one("group_norm", perturbed(new GroupNorm(2, 6, 1e-5, true, D), 7), "x", Fixtures.randn(8, 3, 6, 4)));
        cases.add(one("group_norm_2d", perturbed(new GroupNorm(3, 3, 1e-4, true, D), 9), "x",
                Fixtures.randn(10, 2, 3, 4, 2)));

        RecurrentOptions options = RecurrentOptions.defaults().withDtype(D);
        cases.add(recurrent("rnn", new RNN(3, 4, RNN.Nonlinearity.TANH, options.withSeed(11).withNumLayers(2)),
                Fixtures.randn(12, 2, 5, 3), Fixtures.randn(13, 2, 2, 4)));
        cases.add(recurrent("rnn_relu_bidirectional", new RNN(3, 4, RNN.Nonlinearity.RELU,
                options.withSeed(14).withBidirectional(true).withBatchFirst(false)), Fixtures.randn(15, 5, 2, 3)));
        cases.add(recurrent("lstm", new LSTM(3, 5, options.withSeed(16).withNumLayers(2)), Fixtures.randn(17, 2, 4, 3),
                Fixtures.randn(18, 2, 2, 5), Fixtures.randn(19, 2, 2, 5)));
        cases.add(recurrent("lstm_bidirectional", new LSTM(3, 4, options.withSeed(20).withNumLayers(2).withBias(false)
                .withBidirectional(true)), Fixtures.randn(21, 3, 4, 3)));
        cases.add(recurrent("lstm_unbatched", new LSTM(2, 3, options.withSeed(22)), Fixtures.randn(23, 5, 2),
                Fixtures.randn(24, 1, 3), Fixtures.randn(25, 1, 3)));
        cases.add(recurrent("gru", new GRU(3, 4, options.withSeed(26).withNumLayers(2)), Fixtures.randn(27, 2, 5, 3),
                Fixtures.randn(28, 2, 2, 4)));
        cases.add(recurrent("gru_bidirectional", new GRU(2, 3, options.withSeed(29).withNumLayers(2)
                .withBidirectional(true).withBatchFirst(false)), Fixtures.randn(30, 4, 3, 2), Fixtures.randn(31, 4, 3, 3)));

        MultiheadAttention self = perturbed(new MultiheadAttention(8, 2, 0.0, true, D, new Random(32)), 33);
        Tensor padding = integers(new long[] {2, 5}, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1);
        Map<String, Tensor> selfInputs = inputs("query", Fixtures.randn(34, 2, 5, 8), "key_padding", padding,
                "blocked", causal(5));
        cases.add(new Case("mha_self", self, selfInputs, in -> attention(self, in.get("query"), in.get("query"),
                in.get("query"), AttentionMask.causal().withKeyPadding(padding)), true));

        MultiheadAttention cross = perturbed(new MultiheadAttention(6, 3, 0.0, false, D, new Random(35)), 36);
        Tensor additive = Fixtures.randn(37, 3, 5);
        Tensor blocked = randomBlocks(38, 2 * 3, 3, 5);
        Map<String, Tensor> crossInputs = inputs("query", Fixtures.randn(39, 2, 3, 6), "key", Fixtures.randn(40, 2, 5, 6),
                "value", Fixtures.randn(41, 2, 5, 6), "additive", additive, "blocked", blocked);
        cases.add(new Case("mha_cross", cross, crossInputs, in -> attention(cross, in.get("query"), in.get("key"),
                in.get("value"), AttentionMask.additive(additive).withBlocked(blocked)), true));

        MultiheadAttention masked = new MultiheadAttention(4, 2, 0.0, true, D, new Random(42));
        Tensor wholeRow = integers(new long[] {2, 3}, 0, 0, 1, 1, 1, 1);
        cases.add(new Case("mha_fully_masked", masked, inputs("query", Fixtures.randn(43, 2, 3, 4), "key_padding",
                wholeRow), in -> attention(masked, in.get("query"), in.get("query"), in.get("query"),
                AttentionMask.keyPadding(wholeRow)), false));

        TransformerEncoderLayer post = perturbed(new TransformerEncoderLayer(8, 2, 16, 0.0), 44);
        post.to(D);
        Tensor postPadding = integers(new long[] {2, 4}, 0, 0, 0, 0, 0, 0, 1, 1);
        cases.add(new Case("encoder_post_norm", post, inputs("x", Fixtures.randn(45, 2, 4, 8), "key_padding",
                postPadding), in -> List.of(post.forward(in.get("x"), AttentionMask.keyPadding(postPadding))), true));
        TransformerEncoderLayer pre = new TransformerEncoderLayer(8, 4, 12, 0.0, new ReLU(), 1e-5, true);
        pre.to(D);
        perturbed(pre, 46);
        cases.add(new Case("encoder_pre_norm", pre, inputs("x", Fixtures.randn(47, 3, 5, 8), "blocked", causal(5)),
                in -> List.of(pre.forward(in.get("x"), AttentionMask.causal())), true));
        convolutionCases(cases);
        return cases;
    }

    /** The convolution stack, pooling, batch norm over images, the new activations, and a small CNN. */
    private static void convolutionCases(List<Case> cases) {
        cases.add(one("conv2d", new Conv2d(3, 4, Window2d.of(3), 1, true, D, new Random(50)), "x",
                Fixtures.randn(51, 2, 3, 6, 5)));
        cases.add(one("conv2d_strided", new Conv2d(4, 6, Window2d.of(3, 2).withStride(2, 1).withPadding(1, 2)
                .withDilation(2, 1), 2, true, D, new Random(52)), "x", Fixtures.randn(53, 2, 4, 7, 6)));
        cases.add(one("conv2d_depthwise_no_bias", new Conv2d(3, 6, Window2d.of(2).withStride(2), 3, false, D,
                new Random(54)), "x", Fixtures.randn(55, 1, 3, 5, 5)));
        cases.add(one("conv2d_unbatched", new Conv2d(2, 3, Window2d.of(3).withPadding(1), 1, true, D, new Random(56)),
                "x", Fixtures.randn(57, 2, 4, 4)));
        cases.add(one("conv1d", new Conv1d(3, 4, 3, 2, 1, 2, 1, true, D, new Random(58)), "x",
                Fixtures.randn(59, 2, 3, 9)));
        cases.add(one("conv1d_grouped", new Conv1d(4, 2, 2, 1, 0, 1, 2, false, D, new Random(60)), "x",
                Fixtures.randn(61, 3, 4, 6)));
        cases.add(one("max_pool", new MaxPool2d(2), "x", Fixtures.randn(62, 2, 3, 6, 5)));
        cases.add(one("max_pool_padded", new MaxPool2d(3, 2, 1, 2), "x", Fixtures.randn(63, 2, 2, 7, 8)));
        cases.add(one("max_pool_ties", new MaxPool2d(2, 1), "x", smallIntegers(64, 2, 2, 4, 5)));
        cases.add(one("avg_pool", new AvgPool2d(2), "x", Fixtures.randn(65, 2, 3, 6, 5)));
        cases.add(one("avg_pool_padded", new AvgPool2d(3, 2, 1), "x", Fixtures.randn(66, 2, 2, 7, 6)));
        cases.add(one("avg_pool_exclude_pad", new AvgPool2d(3, 2, 1, false, 0), "x", Fixtures.randn(67, 2, 2, 7, 6)));
        cases.add(one("avg_pool_divisor", new AvgPool2d(2, 1, 1, true, 3), "x", Fixtures.randn(68, 1, 2, 4, 3)));
        cases.add(one("adaptive_avg_pool", new AdaptiveAvgPool2d(3, 2), "x", Fixtures.randn(69, 2, 3, 7, 5)));
        cases.add(one("adaptive_avg_pool_global", new AdaptiveAvgPool2d(1), "x", Fixtures.randn(70, 2, 3, 4, 6)));
        cases.add(one("batch_norm_2d", perturbed(new BatchNorm2d(3, 1e-5, 0.1, true, true, D), 71), "x",
                Fixtures.randn(72, 4, 3, 5, 2).mul(2.0).add(0.5)));
        cases.add(one("batch_norm_2d_plain", new BatchNorm2d(3, 1e-3, 0.3, false, false, D), "x",
                Fixtures.randn(73, 2, 3, 3, 4)));
        BatchNorm2d evaluated = perturbedBuffers(perturbed(new BatchNorm2d(3, 1e-5, 0.1, true, true, D), 74), 75);
        evaluated.eval();
        cases.add(one("batch_norm_2d_eval", evaluated, "x", Fixtures.randn(76, 2, 3, 4, 4)));
        cases.add(one("batch_norm_1d_sequence", perturbed(new BatchNorm1d(4, 1e-5, 0.1, D), 77), "x",
                Fixtures.randn(78, 3, 4, 5)));
        Init.manualSeed(79);
        Sequential cnn = new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 8, 3), new GELU(), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(8, 3));
        cnn.to(D);
        cases.add(one("cnn", perturbed(cnn, 80), "x", Fixtures.randn(81, 2, 1, 8, 8)));
        cases.add(one("activations", new Sequential(new GELU("tanh"), new SiLU(), new ELU(0.5)), "x",
                Fixtures.randn(82, 3, 4).mul(2.0)));
    }

    /** Values in {0, 1, 2}, so that windows hold ties (max pooling's gradient goes to the first, in both). */
    private static Tensor smallIntegers(long seed, long... shape) {
        Random random = new Random(seed);
        double[] values = new double[Math.toIntExact(Tensor.zeros(D, shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(3);
        }
        return Tensor.of(dev.ndgrad.autograd.kernel.Kernels.fromDoubles(D, values, shape));
    }

    /** Running means moved by N(0, 0.3²) and running variances set in [0.5, 1.5]: eval mode is not the identity. */
    private static BatchNorm2d perturbedBuffers(BatchNorm2d bn, long seed) {
        Random random = new Random(seed);
        Tensor mean = Tensor.randn(random, D, bn.runningMean().shape()).mul(0.3);
        Tensor variance = Tensor.uniform(random, D, 0.5, 1.5, bn.runningVar().shape());
        bn.runningMean().setData(mean.data());
        bn.runningVar().setData(variance.data());
        return bn;
    }

    private static Case one(String name, Module module, String input, Tensor x) {
        return new Case(name, module, inputs(input, x), in -> List.of(module.forward(in.get(input))), true);
    }

    /** Inputs x, h0 (and c0); forwardAll gives [output, h_n(, c_n)]. */
    private static Case recurrent(String name, RecurrentLayer layer, Tensor... xAndStates) {
        String[] names = {"x", "h0", "c0"};
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int i = 0; i < xAndStates.length; i++) {
            inputs.put(names[i], xAndStates[i]);
        }
        return new Case(name, layer, inputs, in -> layer.forwardAll(List.copyOf(in.values())), true);
    }

    private static List<Tensor> attention(MultiheadAttention m, Tensor q, Tensor k, Tensor v, AttentionMask mask) {
        AttentionOutput r = m.forwardWithWeights(q, k, v, mask);
        return List.of(r.output(), r.weights());
    }

    private static Map<String, Tensor> inputs(Object... nameValue) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            inputs.put((String) nameValue[i], (Tensor) nameValue[i + 1]);
        }
        return inputs;
    }

    private static Tensor indices(long[] shape, long... values) {
        return Tensor.indices(values).reshape(shape);
    }

    private static Tensor integers(long[] shape, long... values) {
        return indices(shape, values);
    }

    /** 1 above the diagonal: PyTorch's boolean causal mask. */
    private static Tensor causal(int n) {
        long[] values = new long[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                values[i * n + j] = 1;
            }
        }
        return integers(new long[] {n, n}, values);
    }

    /** Random 0/1 blocks, key 0 always allowed so that no query is fully masked. */
    private static Tensor randomBlocks(long seed, int batchHeads, int queries, int keys) {
        Random random = new Random(seed);
        long[] values = new long[batchHeads * queries * keys];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % keys == 0 ? 0 : random.nextInt(2);
        }
        return integers(new long[] {batchHeads, queries, keys}, values);
    }

    /** Every parameter moved by N(0, 0.3²), so that unit scales and zero biases are not special. */
    private static <M extends Module> M perturbed(M module, long seed) {
        Random random = new Random(seed);
        for (Tensor p : module.parameters()) {
            Tensor noise = Tensor.randn(random, p.dtype(), p.shape()).mul(0.3);
            p.updateData(d -> d.addi(noise.data()));
        }
        return module;
    }

    private void write(String name, Map<String, INDArray> arrays) throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            Npz.write(out, arrays);
        }
    }

    /** Equal to 1e−9 (relative above 1), NaN only where PyTorch has NaN. */
    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertNotNull(expected, "PyTorch produced no " + what);
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = Fixtures.values(expected.castTo(D));
        double[] a = Fixtures.values(actual.castTo(D));
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) || Double.isNaN(a[i])) {
                assertEquals(Double.isNaN(e[i]), Double.isNaN(a[i]), what + " [" + i + "]: NaN on one side only");
            } else {
                assertEquals(e[i], a[i], TOLERANCE * Math.max(1, Math.abs(e[i])), what + " [" + i + "]");
            }
        }
    }
}
