package dev.ndgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.Updates;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * First three steps of each SGD variant from W₀ = (1, −2) with the gradients g₁ = (0.5, −1),
 * g₂ = (0.2, 0.4), g₃ = (−0.3, 0.1), against values worked out by hand from the formulas.
 */
class SgdTest {

    static final double[][] GRADS = {{0.5, -1.0}, {0.2, 0.4}, {-0.3, 0.1}};
    static final double TOL = 1e-12;

    static void assertSteps(Optimizer o, Tensor w, double[][] expected) {
        for (int t = 0; t < 3; t++) {
            Params.setGrad(w, GRADS[t]);
            o.step();
            assertArrayEquals(expected[t], Params.values(w), TOL, o.name() + " step " + (t + 1));
        }
    }

    @Test
    void plainGradientDescent() {
        Tensor w = Params.of(1, -2);
        // W = W − α·dW, α = 0.1
        assertSteps(new SGD(List.of(w), 0.1), w, new double[][] {{0.95, -1.9}, {0.93, -1.94}, {0.96, -1.95}});
    }

    @Test
    void momentumAccumulatedLikePytorch() {
        Tensor w = Params.of(1, -2);
        // v = 0.9·v + dW: v₁ = (0.5, −1), v₂ = (0.65, −0.5), v₃ = (0.285, −0.35); W −= 0.1·v
        assertSteps(SGD.withMomentum(List.of(w), 0.1, 0.9), w,
                new double[][] {{0.95, -1.9}, {0.885, -1.85}, {0.8565, -1.815}});
    }

    @Test
    void momentumAveragedLikeTheSeeds() {
        Tensor w = Params.of(1, -2);
        // v_dW = 0.9·v_dW + 0.1·dW: v₁ = (0.05, −0.1), v₂ = (0.065, −0.05), v₃ = (0.0285, −0.035); W −= 0.1·v_dW
        assertSteps(SGD.withAveragedMomentum(List.of(w), 0.1, 0.9), w,
                new double[][] {{0.995, -1.99}, {0.9885, -1.985}, {0.98565, -1.9815}});
    }

    @Test
    void nesterovMomentum() {
        Tensor w = Params.of(1, -2);
        // v as in the accumulated form; W −= 0.1·(dW + 0.9·v):
        // steps (0.95, −1.9), (0.785, −0.05), (−0.0435, −0.215) times 0.1
        assertSteps(SGD.nesterov(List.of(w), 0.1, 0.9), w,
                new double[][] {{0.905, -1.81}, {0.8265, -1.805}, {0.83085, -1.7835}});
    }

    @Test
    void weightDecayAddsL2Gradient() {
        Tensor w = Params.of(1, -2);
        // g = dW + 0.1·W: (0.6, −1.2), (0.294, 0.212), (−0.20894, −0.09012); W −= 0.1·g
        assertSteps(new SGD(List.of(w), SGD.Config.of(0.1).withWeightDecay(0.1)), w,
                new double[][] {{0.94, -1.88}, {0.9106, -1.9012}, {0.931494, -1.892188}});
    }

    @Test
    void ruleRunsOnPlainArrays() {
        INDArray w = Nd4j.createFromArray(1.0, -2.0);
        INDArray v = Nd4j.zeros(w.dataType(), 2);
        INDArray g = Nd4j.createFromArray(0.5, -1.0);
        Updates.Sgd rule = new Updates.Sgd(0.1, 0, 0.9, MomentumStyle.ACCUMULATED.gradientWeight(0.9), false);
        Updates.sgd(Storage.wrap(w), Storage.wrap(g), Storage.wrap(v), rule);
        Updates.sgd(Storage.wrap(w), Storage.wrap(g), Storage.wrap(v), rule);
        // v₂ = 1.9·g, W = W₀ − 0.1·(g + 1.9·g)
        assertArrayEquals(new double[] {0.95, -1.9}, v.toDoubleVector(), TOL);
        assertArrayEquals(new double[] {0.855, -1.71}, w.toDoubleVector(), TOL);
        assertArrayEquals(new double[] {0.5, -1.0}, g.toDoubleVector(), 0, "the gradient is read only");
    }

    @Test
    void rejectsBadHyperparameters() {
        List<Tensor> ps = List.of(Params.of(1));
        assertMessage(() -> new SGD(ps, -0.1), "SGD", "learning rate", "-0.1");
        assertMessage(() -> new SGD(ps, Double.NaN), "learning rate", "NaN");
        assertMessage(() -> SGD.withMomentum(ps, 0.1, 1.0), "momentum must be in [0, 1)", "1.0");
        assertMessage(() -> SGD.nesterov(ps, 0.1, 0), "Nesterov", "momentum > 0");
        assertMessage(() -> new SGD(ps, SGD.Config.of(0.1).withWeightDecay(-1)), "weight decay", "-1.0");
    }

    static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }
}
