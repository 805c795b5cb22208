package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-head attention: the formula with identity projections, the masks (causal, key padding, blocked,
 * additive, a fully masked query), heads, PyTorch's parameter names, the list form, and errors.
 */
class AttentionTest {

    private static final DataType D = DataType.DOUBLE;

    /** One head of size 2 whose projections are the identity and whose biases are zero. */
    private static MultiheadAttention identityAttention() {
        MultiheadAttention m = new MultiheadAttention(2, 1, 0.0, true, D, new Random(1));
        double[] eye3 = {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1};   // [W_q; W_k; W_v] = [I; I; I]
        m.inProjWeight().setData(Nd4j.create(eye3, new long[] {6, 2}, D));
        m.outProj().weight().setData(Nd4j.create(new double[] {1, 0, 0, 1}, new long[] {2, 2}, D));
        return m;
    }

    @Test
    void singleHeadIsSoftmaxOfScaledScoresTimesValues() {
        MultiheadAttention m = identityAttention();
        Tensor q = Tensor.of(Nd4j.create(new double[] {1, 0}, new long[] {1, 1, 2}, D));
        Tensor kv = Tensor.of(Nd4j.create(new double[] {1, 0, 0, 1, 2, 2}, new long[] {1, 3, 2}, D));
        // scores q·kⱼ/√2 = (1, 0, 2)/√2; weights = softmax; output = Σ wⱼ vⱼ
        double[] s = {1 / Math.sqrt(2), 0, 2 / Math.sqrt(2)};
        double total = Math.exp(s[0]) + Math.exp(s[1]) + Math.exp(s[2]);
        double[] w = {Math.exp(s[0]) / total, Math.exp(s[1]) / total, Math.exp(s[2]) / total};
        AttentionOutput r = m.forwardWithWeights(q, kv, kv, AttentionMask.none());
        assertArrayEquals(w, r.weights().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {w[0] + 2 * w[2], w[1] + 2 * w[2]}, r.output().toDoubleArray(), 1e-15);
        assertArrayEquals(new long[] {1, 1, 1, 3}, r.headWeights().shape());
    }

    @Test
    void causalAndPaddingMasksGiveZeroWeightToHiddenKeys() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0.0, true, D, new Random(2));
        Tensor x = Fixtures.randn(3, 2, 4, 4);
        Tensor padding = Tensor.indices(0, 0, 0, 0, 0, 0, 1, 1).reshape(2, 4);
        AttentionOutput r = m.forwardWithWeights(x, x, x, AttentionMask.causal().withKeyPadding(padding));
        double[] w = r.headWeights().toDoubleArray();   // [2, 2, 4, 4]
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < 4; i++) {
                    double sum = 0;
                    for (int j = 0; j < 4; j++) {
                        double v = w[((b * 2 + h) * 4 + i) * 4 + j];
                        sum += v;
                        if (j > i || (b == 1 && j >= 2)) {
                            assertEquals(0, v, 0, "hidden key " + j + " of query " + i + " in example " + b);
                        }
                    }
                    assertEquals(1, sum, 1e-12);
                }
            }
        }
        // the causal mask is PyTorch's boolean upper triangle given as blocked pairs, and −∞ given as additive
        Tensor upper = Tensor.of(Nd4j.create(new double[][] {{0, 1, 1, 1}, {0, 0, 1, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}}));
        Tensor minusInf = Tensor.where(upper, Tensor.scalar(D, Double.NEGATIVE_INFINITY), Tensor.zeros(D, 4, 4));
        double[] causal = m.forward(x, x, x, AttentionMask.causal()).toDoubleArray();
        assertArrayEquals(causal, m.forward(x, x, x, AttentionMask.blocked(upper)).toDoubleArray(), 0);
        assertArrayEquals(causal, m.forward(x, x, x, AttentionMask.additive(minusInf)).toDoubleArray(), 0);
    }

    @Test
    void aFullyMaskedQueryIsNaNAsInPyTorch() {
        MultiheadAttention m = new MultiheadAttention(2, 1, 0.0, true, D, new Random(3));
        Tensor x = Fixtures.randn(4, 2, 2, 2);
        Tensor out = m.forward(x, x, x, AttentionMask.keyPadding(Tensor.indices(0, 0, 1, 1).reshape(2, 2)));
        double[] v = out.toDoubleArray();
        for (int i = 0; i < 4; i++) {
            assertTrue(Double.isFinite(v[i]), "example 0 is unaffected");
            assertTrue(Double.isNaN(v[4 + i]), "example 1 has no key: NaN, as PyTorch");
        }
    }

    @Test
    void headsSplitTheEmbeddingAndTheWeightsAverageOverHeads() {
        MultiheadAttention m = new MultiheadAttention(6, 3, 0.0, false, D, new Random(4));
        Tensor q = Fixtures.randn(5, 2, 3, 6);
        Tensor kv = Fixtures.randn(6, 2, 5, 6);
        AttentionOutput r = m.forwardWithWeights(q, kv, kv, AttentionMask.none());
        assertArrayEquals(new long[] {2, 3, 6}, r.output().shape());
        assertArrayEquals(new long[] {2, 3, 3, 5}, r.headWeights().shape());
        assertArrayEquals(r.headWeights().mean(1, false).toDoubleArray(), r.weights().toDoubleArray(), 1e-15);
        assertEquals(List.of("in_proj_weight", "out_proj.weight"), List.copyOf(m.namedParameters().keySet()));
        List<Tensor> all = m.forwardAll(List.of(q, kv, kv));
        assertArrayEquals(r.output().toDoubleArray(), all.get(0).toDoubleArray(), 0);
        assertArrayEquals(r.weights().toDoubleArray(), all.get(1).toDoubleArray(), 0);
    }

    @Test
    void selfAttentionTakesOneProductAndEqualsTheGeneralPath() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0.0, true, D, new Random(5));
        Init.normal(m.inProjBias(), 0.5, new Random(6));
        Tensor x = Fixtures.randn(7, 2, 3, 4);
        assertArrayEquals(m.forward(x, x.copy(), x.copy()).toDoubleArray(), m.forward(x).toDoubleArray(), 1e-14);
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(m.stateDict().keySet()));
        assertArrayEquals(new long[] {12, 4}, m.inProjWeight().shape());
    }

    @Test
    void dropoutOnTheWeightsInTrainingOnly() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 1.0, true, D, new Random(7));
        Tensor x = Fixtures.randn(8, 1, 3, 4);
        assertArrayEquals(m.outProj().bias().toDoubleArray(), m.forward(x).slice(1, 0, 1).toDoubleArray(), 0,
                "p = 1 drops every weight: the output is out_proj's bias");
        m.eval();
        assertArrayEquals(new MultiheadAttention(4, 2, 0.0, true, D, new Random(7)).forward(x).toDoubleArray(),
                m.forward(x).toDoubleArray(), 0);
    }

    @Test
    void errorsNameTheLayerTheShapesAndTheMask() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0.0, true, D, new Random(8));
        Tensor x = Fixtures.randn(9, 2, 3, 4);
        assertMessage(() -> new MultiheadAttention(5, 2), "embedDim 5 must be a positive multiple of numHeads 2");
        assertMessage(() -> m.forward(Fixtures.randn(1, 2, 3, 5)), "MultiheadAttention(4, 2): query DOUBLE[2, 3, 5]");
        assertMessage(() -> m.forward(Fixtures.randn(1, 3, 4)), "must be [batch, length, 4]");
        assertMessage(() -> m.forward(x, Fixtures.randn(1, 2, 5, 4), Fixtures.randn(2, 2, 4, 4)),
                "must share the batch, and key and value the length");
        assertMessage(() -> m.forward(x.to(DataType.FLOAT)), "has dtype FLOAT, the layer DOUBLE");
        assertMessage(() -> m.forward(x, x, x, AttentionMask.keyPadding(Tensor.indices(0, 0, 1, 1).reshape(2, 2))),
                "key padding LONG[2, 2] must be [batch, S] = [2, 3]");
        assertMessage(() -> m.forward(x, x, x, AttentionMask.blocked(Tensor.zeros(D, 3, 4))),
                "blocked pairs DOUBLE[3, 4] must be [L, S] = [3, 3]");
        assertMessage(() -> m.forward(x, x, x, AttentionMask.additive(Tensor.zeros(D, 5, 3, 3))),
                "additive mask DOUBLE[5, 3, 3] must be [batch·heads, L, S] = [4, 3, 3]");
        assertMessage(() -> AttentionMask.causal().withKeyPadding(Tensor.indices(0, 1)), "must be [batch, S]");
        assertMessage(() -> AttentionMask.keyPadding(Tensor.indices(0, 1).reshape(1, 2))
                .withKeyPadding(Tensor.indices(0, 1).reshape(1, 2)), "already set");
        assertMessage(() -> m.forwardAll(List.of(x, x)), "takes [x] or [query, key, value], got 2 tensors");
    }
}
