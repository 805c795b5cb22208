package dev.ndgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.optim.SGD;
import dev.ndgrad.optim.Schedules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class StepwiseTrainingTest {

    @Test
    void checkpointsComeBeforeTrainingEveryFewStepsAndAfterTheLastWithTheMeanLossSince() {
        // f(w) = (w − 3)², plain gradient descent with α = 0.25 halves the distance to 3 at every step:
        // w = 1, 2, 2.5, 2.75, …, so the losses of steps 1…5 (taken before each update) are 4, 1, 1/4, 1/16, 1/64
        Tensor w = Tensor.scalar(DataType.DOUBLE, 1).requiresGrad(true);
        List<double[]> seen = new ArrayList<>();
        StepwiseTraining.run(new SGD(List.of(w), 0.25), Schedules.perStep(Schedules.constant(0.25)), 100, 5, 2,
                () -> w.sub(3).square(), (step, loss) -> seen.add(new double[] {step, loss}));

        assertEquals(4, seen.size(), "steps 0, 2, 4 and the last, 5");
        assertEquals(0, seen.get(0)[0]);
        assertTrue(Double.isNaN(seen.get(0)[1]), "no training loss before training");
        assertEquals(2, seen.get(1)[0]);
        assertEquals((4 + 1) / 2.0, seen.get(1)[1], 1e-12);
        assertEquals(4, seen.get(2)[0]);
        assertEquals((0.25 + 1 / 16.0) / 2, seen.get(2)[1], 1e-12);
        assertEquals(5, seen.get(3)[0]);
        assertEquals(1 / 64.0, seen.get(3)[1], 1e-12);
        assertEquals(3 - 2.0 / 32, w.item(), 1e-12);
    }

    @Test
    void theGradientNormIsClipped() {
        // the gradient 2(w − 3) = −200 at w = −97 is clipped to norm 1: one SGD step of α = 1 moves w by 1
        Tensor w = Tensor.scalar(DataType.DOUBLE, -97).requiresGrad(true);
        StepwiseTraining.run(new SGD(List.of(w), 1), Schedules.perStep(Schedules.constant(1)), 1, 1, 1,
                () -> w.sub(3).square(), (step, loss) -> { });
        assertEquals(-96, w.item(), 1e-5);
    }
}
