package dev.ndgrad.optim;

import static dev.ndgrad.optim.SgdTest.assertMessage;
import static dev.ndgrad.optim.SgdTest.assertSteps;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.Updates;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RMSprop, Adam and AdamW: the first three steps from W₀ = (1, −2) with the gradients of
 * {@link SgdTest}, against the seeds' formulas evaluated by hand in double precision.
 */
class AdaptiveOptimizersTest {

    @Test
    void rmsprop() {
        Tensor w = Params.of(1, -2);
        // β = 0.9, α = 0.01: s₁ = 0.1·g₁² = (0.025, 0.1); W₁ = W₀ − 0.01·g₁/(√s₁ + 1e-8) ≈ W₀ − 0.01·√10·sign(g₁)
        // s₂ = 0.9·s₁ + 0.1·g₂² = (0.0265, 0.106); s₃ = 0.9·s₂ + 0.1·g₃² = (0.03285, 0.0955)
        assertSteps(new RMSprop(List.of(w), RMSprop.Config.of(0.01).withBeta(0.9)), w, new double[][] {
            {0.968377225398316, -1.9683772243983162},
            {0.956091323816354, -1.9806631263576366},
            {0.9726434406751594, -1.9838839093859064}});
    }

    @Test
    void adamWithBiasCorrection() {
        Tensor w = Params.of(1, -2);
        // α = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
        // t = 1: v = 0.1·g₁, s = 0.001·g₁²; v̂ = v/0.1 = g₁, ŝ = s/0.001 = g₁²; W −= 0.1·g₁/(|g₁| + 1e-8),
        //        so each element moves by 0.1 (less 1e-8 relative): W₁ = (0.900000002, −1.900000001).
        // t = 2: v = (0.08, −0.05), s = (0.0044955, 0.0011590), v̂ = v/0.19, ŝ = s/0.001999.
        // t = 3: v = (0.042, −0.035), v̂ = v/0.271, ŝ = s/(1 − 0.999³).
        assertSteps(new Adam(List.of(w), 0.1), w, new double[][] {
            {0.900000002, -1.900000001},
            {0.8101424839029282, -1.865439416662626},
            {0.7805871509237353, -1.8447499006515093}});
    }

    @Test
    void adamWeightDecayIsL2OnTheGradient() {
        Tensor w = Params.of(1, -2);
        // g = dW + 0.1·W goes into both moments; at t = 1 the step is still ±0.1 per element.
        assertSteps(new Adam(List.of(w), Adam.Config.of(0.1).withWeightDecay(0.1)), w, new double[][] {
            {0.9000000016666666, -1.9000000008333333},
            {0.8072814605072346, -1.846831886458653},
            {0.7591889719520595, -1.80139767437706}});
    }

    @Test
    void adamWDecaysTheWeightsOutsideTheAdaptiveStep() {
        Tensor w = Params.of(1, -2);
        // W = W − 0.1·0.1·W first, then Adam's step on dW alone: t = 1: (0.99 − 0.1, −1.98 + 0.1)
        assertSteps(new AdamW(List.of(w), 0.1, 0.1), w, new double[][] {
            {0.890000002, -1.880000001},
            {0.7912424838829282, -1.826639416652626},
            {0.753774726064906, -1.7876835064749832}});
    }

    @Test
    void adamRuleOnPlainFloatArrays() {
        INDArray w = Nd4j.createFromArray(1f, -2f, 3f);
        INDArray g = Nd4j.createFromArray(0.5f, -4f, 1e-3f);
        INDArray m = Nd4j.zeros(DataType.FLOAT, 3);
        INDArray s = Nd4j.zeros(DataType.FLOAT, 3);
        Updates.adam(Storage.wrap(w), Storage.wrap(g), Storage.wrap(m), Storage.wrap(s),
                new Updates.Adam(0.01, 0.9, 0.999, 1e-8, 0, false, 1));
        // first step: α·sign(g) per element, whatever |g| is
        assertArrayEquals(new float[] {0.99f, -1.99f, 2.99f}, w.toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {0.05f, -0.4f, 1e-4f}, m.toFloatVector(), 1e-7f);
        assertArrayEquals(new float[] {0.5f, -4f, 1e-3f}, g.toFloatVector(), 0f, "the gradient is read only");
    }

    @Test
    void rmspropRuleOnPlainArrays() {
        INDArray w = Nd4j.createFromArray(1.0);
        INDArray s = Nd4j.createFromArray(0.0);
        Updates.rmsprop(Storage.wrap(w), Storage.wrap(Nd4j.createFromArray(2.0)), Storage.wrap(s),
                new Updates.Rmsprop(0.1, 0.99, 1e-8, 0));
        // s = 0.01·4 = 0.04, W = 1 − 0.1·2/(0.2 + 1e-8)
        assertEquals(0.04, s.getDouble(0), 1e-15);
        assertEquals(1 - 0.2 / (0.2 + 1e-8), w.getDouble(0), 1e-15);
    }

    @Test
    void viewsAndMixedLayoutsTakeTheNd4jPathWithTheSameResult() {
        INDArray dense = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray grad = Nd4j.createFromArray(new double[][] {{0.5, -1}, {2, 0.1}});
        INDArray column = Nd4j.createFromArray(new double[][] {{9, 1, 9}, {9, 2, 9}}).getColumn(1);
        INDArray columnGrad = Nd4j.createFromArray(-1.0, 0.25);
        INDArray fOrdered = dense.dup('f');
        Updates.Adam rule = new Updates.Adam(0.1, 0.9, 0.999, 1e-8, 0.01, false, 1);
        Updates.adam(Storage.wrap(fOrdered), Storage.wrap(grad), Storage.wrap(Nd4j.zeros(DataType.DOUBLE, 2, 2)),
                Storage.wrap(Nd4j.zeros(DataType.DOUBLE, 2, 2)), rule);
        Updates.adam(Storage.wrap(dense), Storage.wrap(grad), Storage.wrap(Nd4j.zeros(DataType.DOUBLE, 2, 2)),
                Storage.wrap(Nd4j.zeros(DataType.DOUBLE, 2, 2)), rule);
        assertEquals(dense, fOrdered);
        Updates.rmsprop(Storage.wrap(column), Storage.wrap(columnGrad), Storage.wrap(Nd4j.zeros(DataType.DOUBLE, 2)),
                new Updates.Rmsprop(0.1, 0.9, 1e-8, 0));
        // s = 0.1·g², step = 0.1·g/√(0.1·g²) = √0.1·sign(g)
        assertArrayEquals(new double[] {1 + Math.sqrt(0.1), 2 - Math.sqrt(0.1)}, column.toDoubleVector(), 1e-7);
    }

    @Test
    void floatParametersAreUpdatedInFloat() {
        Tensor w = Tensor.of(Nd4j.createFromArray(1f, -2f)).requiresGrad(true);
        Adam adam = new Adam(List.of(w), 0.1);
        Params.setGrad(w, 0.5, -1);
        adam.step();
        assertEquals(DataType.FLOAT, w.dtype());
        assertArrayEquals(new double[] {0.9, -1.9}, Params.values(w), 1e-6);
    }

    @Test
    void rejectsBadHyperparameters() {
        List<Tensor> ps = List.of(Params.of(1));
        assertMessage(() -> new Adam(ps, Adam.Config.of(0.1).withBetas(0.9, 1.0)), "Adam", "beta2", "[0, 1)", "1.0");
        assertMessage(() -> new Adam(ps, Adam.Config.of(0.1).withBetas(-0.1, 0.9)), "beta1", "-0.1");
        assertMessage(() -> new Adam(ps, Adam.Config.of(0.1).withEps(0)), "eps must be finite and > 0", "0.0");
        assertMessage(() -> new AdamW(ps, 0.1, -0.01), "weight decay", "-0.01");
        assertMessage(() -> new RMSprop(ps, RMSprop.Config.of(0.1).withBeta(1)), "RMSprop", "beta");
        assertMessage(() -> new RMSprop(ps, RMSprop.Config.of(0.1).withEps(Double.POSITIVE_INFINITY)), "eps");
    }
}
