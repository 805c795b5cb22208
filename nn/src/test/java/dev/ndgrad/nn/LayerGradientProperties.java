package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertPassed;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.GradCheckResult;
import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gradient checks (DOUBLE, central differences) of the sequence, normalisation and attention layers, first and
 * second order, on random shapes and options, against the layers' own parameters and their inputs. Where a case
 * has more than {@value #ELEMENTWISE_LIMIT} input elements (a two-layer bidirectional LSTM has hundreds), the first
 * order is checked along random directions ({@link GradCheck.Options#withDirections}) instead of element by
 * element, and so is every second order of the larger layers.
 */
@SuppressWarnings("deprecation")   // DataType.LONG: the integer dtype of ndgrad's index tensors
class LayerGradientProperties {

    private static final DataType D = DataType.DOUBLE;
    private static final GradCheck.Options DIRECTIONS = GradCheck.Options.defaults().withDirections(4);
    static final int ELEMENTWISE_LIMIT = 120;

    @Property(tries = 15)
    void embedding(@ForAll @IntRange(min = 1, max = 5) int num, @ForAll @IntRange(min = 1, max = 3) int dim,
            @ForAll @IntRange(min = 1, max = 6) int count, @ForAll boolean padded, @ForAll long seed) {
        Random random = new Random(seed);
        Embedding layer = padded ? new Embedding(num, dim, random.nextInt(num), D, random)
                : new Embedding(num, dim, D, random);
        long[] picked = random.longs(count, 0, num).toArray();
        Tensor indices = Tensor.indices(picked).reshape(1, count);
        // squared, so that the second derivative is not trivially zero
        check(in -> layer.forward(indices).square(), layer.parameters(), true);
    }

    @Property(tries = 20)
    void layerNorm(@ForAll @IntRange(min = 1, max = 2) int normalizedRank, @ForAll @IntRange(min = 0, max = 2) int batchRank,
            @ForAll boolean affine, @ForAll long seed) {
        Random random = new Random(seed);
        long[] normalized = random.longs(normalizedRank, 1, 4).toArray();
        long[] shape = concat(random.longs(batchRank, 1, 3).toArray(), normalized);
        LayerNorm layer = perturbed(new LayerNorm(normalized, 1e-5, affine, D), random);
        Tensor x = Tensor.randn(random, D, shape).mul(2.0).add(0.5).detach().named("x");
        check(in -> layer.forward(x), with(layer, x), false);
    }

    @Property(tries = 20)
    void groupNorm(@ForAll @IntRange(min = 1, max = 3) int groups, @ForAll @IntRange(min = 1, max = 2) int perGroup,
            @ForAll @IntRange(min = 0, max = 2) int spatialRank, @ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll boolean affine, @ForAll long seed) {
        Random random = new Random(seed);
        long[] spatial = random.longs(spatialRank, 1, 3).toArray();
        long channels = (long) groups * perGroup;
        GroupNorm layer = perturbed(new GroupNorm(groups, channels, 1e-5, affine, D), random);
        Tensor x = Tensor.randn(random, D, concat(new long[] {batch, channels}, spatial)).named("x");
        check(in -> layer.forward(x), with(layer, x), false);
    }

    @Property(tries = 10)
    void rnn(@ForAll("shapes") RecurrentShape s, @ForAll boolean relu, @ForAll long seed) {
        RNN layer = new RNN(s.in(), s.hidden(), relu ? RNN.Nonlinearity.RELU : RNN.Nonlinearity.TANH, s.options(seed));
        checkRecurrent(layer, s, seed);
    }

    @Property(tries = 8)
    void lstm(@ForAll("shapes") RecurrentShape s, @ForAll long seed) {
        checkRecurrent(new LSTM(s.in(), s.hidden(), s.options(seed)), s, seed);
    }

    @Property(tries = 8)
    void gru(@ForAll("shapes") RecurrentShape s, @ForAll long seed) {
        checkRecurrent(new GRU(s.in(), s.hidden(), s.options(seed)), s, seed);
    }

    @Provide
    Arbitrary<RecurrentShape> shapes() {
        var small = Arbitraries.integers().between(1, 2);
        return Combinators.combine(small, small, Arbitraries.integers().between(1, 3), small,
                small, Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(RecurrentShape::new);
    }

    /** Sizes and options of one recurrent check. */
    record RecurrentShape(int in, int hidden, int steps, int batch, int layers, boolean bidirectional,
            boolean batchFirst, boolean withState) {

        RecurrentOptions options(long seed) {
            return RecurrentOptions.defaults().withDtype(D).withSeed(seed).withNumLayers(layers)
                    .withBidirectional(bidirectional).withBatchFirst(batchFirst).withBias(steps != 2);
        }
    }

    private static void checkRecurrent(RecurrentLayer layer, RecurrentShape s, long seed) {
        Random random = new Random(seed + 1);
        Tensor x = Tensor.randn(random, D, s.batchFirst() ? new long[] {s.batch(), s.steps(), s.in()}
                : new long[] {s.steps(), s.batch(), s.in()}).named("x");
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        if (s.withState()) {
            int states = layer instanceof LSTM ? 2 : 1;
            for (int i = 0; i < states; i++) {
                inputs.add(layer.zeroState(s.batch()).add(Tensor.randn(random, D, layer.zeroState(s.batch()).shape()))
                        .detach().named(i == 0 ? "h0" : "c0"));
            }
        }
        List<Tensor> all = new ArrayList<>(layer.parameters());
        all.addAll(inputs);
        // every output (the sequence and the final states) enters the checked function
        Function<List<Tensor>, Tensor> f = ps -> {
            List<Tensor> out = layer.forwardAll(inputs);
            Tensor total = out.get(0).sum();
            for (int i = 1; i < out.size(); i++) {
                total = total.add(out.get(i).mul(out.get(i)).sum());
            }
            return total.add(out.get(0).tanh().mul(out.get(0)).sum());
        };
        assertPassed(firstOrder(f, all));
        assertPassed(GradCheck.checkSecondOrder(f, all, DIRECTIONS));
    }

    @Property(tries = 12)
    void multiheadAttention(@ForAll @IntRange(min = 1, max = 2) int heads, @ForAll @IntRange(min = 1, max = 2) int headDim,
            @ForAll @IntRange(min = 1, max = 3) int queries, @ForAll @IntRange(min = 1, max = 3) int keys,
            @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll boolean self, @ForAll boolean bias,
            @ForAll boolean causal, @ForAll boolean padding, @ForAll long seed) {
        Random random = new Random(seed);
        int e = heads * headDim;
        MultiheadAttention layer = perturbed(new MultiheadAttention(e, heads, 0.0, bias, D, random), random);
        Tensor query = Tensor.randn(random, D, batch, queries, e).named("query");
        Tensor key = self ? query : Tensor.randn(random, D, batch, keys, e).named("key");
        Tensor value = self ? query : Tensor.randn(random, D, batch, keys, e).named("value");
        long keyCount = key.size(1);
        AttentionMask mask = causal ? AttentionMask.causal() : AttentionMask.none();
        if (padding) {   // pads the last key of example 0 when there is more than one; key 0 always stays
            long[] pads = new long[Math.toIntExact(batch * keyCount)];
            pads[Math.toIntExact(keyCount - 1)] = keyCount > 1 ? 1 : 0;
            mask = mask.withKeyPadding(Tensor.indices(pads).reshape(batch, keyCount));
        }
        AttentionMask m = mask;
        List<Tensor> inputs = new ArrayList<>(layer.parameters());
        inputs.addAll(self ? List.of(query) : List.of(query, key, value));
        Function<List<Tensor>, Tensor> f = ps -> {
            AttentionOutput r = layer.forwardWithWeights(query, key, value, m);
            return r.output().sum().add(r.weights().square().sum());
        };
        assertPassed(firstOrder(f, inputs));
        assertPassed(GradCheck.checkSecondOrder(f, inputs, DIRECTIONS));
    }

    @Property(tries = 6)
    void transformerEncoderLayer(@ForAll @IntRange(min = 1, max = 2) int heads, @ForAll @IntRange(min = 1, max = 2) int headDim,
            @ForAll @IntRange(min = 1, max = 3) int feedForward, @ForAll @IntRange(min = 1, max = 3) int length,
            @ForAll boolean normFirst, @ForAll boolean causal, @ForAll long seed) {
        Init.manualSeed(seed);
        int d = heads * headDim;
        TransformerEncoderLayer layer = new TransformerEncoderLayer(d, heads, feedForward, 0.0, new Tanh(), 1e-5,
                normFirst);
        layer.to(D);
        Random random = new Random(seed);
        perturbed(layer, random);
        Tensor x = Tensor.randn(random, D, 2, length, d).named("x");
        AttentionMask mask = causal ? AttentionMask.causal() : AttentionMask.none();
        check(in -> layer.forward(x, mask), with(layer, x), true);
    }

    // ------------------------------------------------------------------ helpers

    /** First order element by element; second order along random directions when {@code directions}, else exactly. */
    private static void check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, boolean directions) {
        assertPassed(firstOrder(f, inputs));
        assertPassed(directions ? GradCheck.checkSecondOrder(f, inputs, DIRECTIONS)
                : GradCheck.checkSecondOrder(f, inputs));
    }

    /** Element by element up to {@value #ELEMENTWISE_LIMIT} input elements, along 8 random directions beyond. */
    private static GradCheckResult firstOrder(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        long elements = inputs.stream().mapToLong(Tensor::size).sum();
        return elements <= ELEMENTWISE_LIMIT ? GradCheck.check(f, inputs)
                : GradCheck.check(f, inputs, GradCheck.Options.defaults().withDirections(8));
    }

    private static List<Tensor> with(Module layer, Tensor x) {
        List<Tensor> inputs = new ArrayList<>(layer.parameters());
        inputs.add(x);
        return inputs;
    }

    /** Every parameter moved by N(0, 0.3²): unit scales and zero biases are not special. */
    static <M extends Module> M perturbed(M module, Random random) {
        for (Tensor p : module.parameters()) {
            Tensor noise = Tensor.randn(random, p.dtype(), p.shape()).mul(0.3);
            p.updateData(d -> d.addi(noise.data()));
        }
        return module;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
