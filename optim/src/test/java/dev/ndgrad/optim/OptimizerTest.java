package dev.ndgrad.optim;

import static dev.ndgrad.optim.SgdTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every optimizer shares: parameter checks, groups, skipping, in-place updates without a graph. */
class OptimizerTest {

    @Test
    void stepUpdatesInPlaceWithoutRecording() {
        Tensor w = Params.of(1, -2);
        INDArray data = w.data();
        Optimizer o = new Adam(List.of(w), 0.1);
        Params.setGrad(w, 0.5, -1);
        double[] grad = w.grad().toDoubleArray();
        o.step();
        assertSame(data, w.data(), "the parameter's array is updated in place");
        assertTrue(w.isLeaf(), "no graph node was created");
        assertEquals("leaf", w.producer());
        assertTrue(w.requiresGrad());
        assertTrue(Autograd.isGradEnabled(), "grad mode is restored after the step");
        assertArrayEquals(grad, w.grad().toDoubleArray(), 0, "the gradient is read, not changed");
        // the updated parameter records as usual again
        assertFalse(w.mul(2.0).isLeaf());
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Tensor a = Params.of(1, 2);
        Tensor b = Params.of(3);
        Optimizer o = SGD.withMomentum(List.of(a, b), 0.1, 0.9);
        Params.setGrad(a, 1, 1);
        o.step();
        assertArrayEquals(new double[] {0.9, 1.9}, Params.values(a), 1e-15);
        assertArrayEquals(new double[] {3}, Params.values(b), 0);
        assertTrue(o.stateDict().containsKey("state.0.momentum_buffer"));
        assertFalse(o.stateDict().containsKey("state.1.step"), "no state for a parameter never updated");
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Tensor a = Params.of(1);
        Tensor b = Params.of(2);
        Optimizer o = new SGD(List.of(a, b), 0.1);
        a.mul(b).sum().backward();
        o.zeroGrad();
        assertNull(a.grad());
        assertNull(b.grad());
    }

    @Test
    void groupsHaveTheirOwnRatesAndDecays() {
        Tensor body = Params.of(1);
        Tensor head = Params.of(1);
        Tensor bias = Params.of(1);
        Optimizer o = new SGD(List.of(ParamGroup.of(List.of(body)), ParamGroup.of(List.of(head), 0.01),
                ParamGroup.of(List.of(bias), 0.1, 0.5)), SGD.Config.of(0.1).withWeightDecay(0.0));
        assertEquals(3, o.groups().size());
        assertEquals(0.01, o.groups().get(1).lr());
        assertEquals(0.5, o.groups().get(2).weightDecay());
        assertEquals(List.of(body, head, bias), o.params());
        for (Tensor p : o.params()) {
            Params.setGrad(p, 1);
        }
        o.step();
        assertEquals(0.9, body.item(), 1e-15);
        assertEquals(0.99, head.item(), 1e-15);
        assertEquals(1 - 0.1 * (1 + 0.5), bias.item(), 1e-15);

        o.setLearningRate(0.2);
        assertEquals(0.2, o.learningRate());
        for (ParamGroup g : o.groups()) {
            assertEquals(0.2, g.lr());
        }
        o.groups().get(0).setLr(0);
        o.step();
        assertEquals(0.9, body.item(), 1e-15, "a group's rate is live");
    }

    @Test
    void rejectsParametersThatCannotBeOptimized() {
        Tensor w = Params.of(1, 2);
        assertMessage(() -> new SGD(List.of(w.mul(2.0)), 0.1), "SGD", "parameter 0 of group 0", "not a leaf", "mul");
        assertMessage(() -> new Adam(List.of(Params.of(1), Tensor.of(3.0)), 0.1), "Adam", "parameter 1 of group 0",
                "does not require grad");
        assertMessage(() -> new SGD(List.of(w, Params.of(1), w), 0.1), "parameter 2 of group 0",
                "same tensor as parameter 0 of group 0");
        assertMessage(() -> new SGD(List.of(ParamGroup.of(List.of(w)), ParamGroup.of(List.of(w))), 0.1),
                "parameter 0 of group 1", "same tensor as parameter 0 of group 0");
        assertMessage(() -> new SGD(List.<Tensor>of(), 0.1), "at least one parameter");
        assertMessage(() -> ParamGroup.of(List.of(w), -1), "ParamGroup", "learning rate", "-1");
        assertMessage(() -> new SGD(List.of(w), 0.1).setLearningRate(-0.5), "SGD", "learning rate", "-0.5");
    }

    @Test
    void rankZeroParametersAreUpdatedLikeAnyOther() {
        Tensor b = Tensor.scalar(DataType.DOUBLE, 1.0).requiresGrad(true);
        Optimizer o = new RMSprop(List.of(b), RMSprop.Config.of(0.1).withBeta(0.9));
        b.mul(2.0).backward();
        o.step();
        // s = 0.1·4, W = 1 − 0.1·2/(√0.4 + 1e-8)
        assertEquals(1 - 0.2 / (Math.sqrt(0.4) + 1e-8), b.item(), 1e-12);
        assertEquals(0, b.rank());
    }
}
