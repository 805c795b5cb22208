package dev.ndgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The seeds' picture of an elongated bowl, J(w) = ½(w₁² + 50·w₂²) from w = (10, 1): the steep w₂
 * direction caps plain gradient descent's rate below 2/50 (above it w₂ oscillates and grows), and at
 * that rate the shallow w₁ direction crawls. Momentum averages the w₂ oscillation away; RMSprop and
 * Adam divide each direction by its own gradient scale. Each must reach J &lt; 1e-3 in fewer steps.
 */
class QuadraticBowlTest {

    static final int MAX_STEPS = 2000;
    static final double TARGET = 1e-3;

    static double loss(Tensor w) {
        double[] v = Params.values(w);
        return 0.5 * (v[0] * v[0] + 50 * v[1] * v[1]);
    }

    /** Steps until J(w) &lt; 1e-3, or {@code MAX_STEPS + 1} if never (or if J passes 1e6: diverged). */
    static int stepsToTarget(Function<List<Tensor>, Optimizer> make) {
        Tensor w = Params.of(10, 1);
        Tensor curvature = Params.of(1, 50).detach();
        Optimizer o = make.apply(List.of(w));
        for (int step = 1; step <= MAX_STEPS; step++) {
            o.zeroGrad();
            w.square().mul(curvature).sum().mul(0.5).backward();
            o.step();
            double j = loss(w);
            if (j < TARGET) {
                return step;
            }
            if (!(j < 1e6)) {
                break;
            }
        }
        return MAX_STEPS + 1;
    }

    @Test
    void momentumRmspropAndAdamNeedFewerStepsThanGradientDescent() {
        // plain GD at 0.035, close to its limit 2/50 = 0.04
        int gd = stepsToTarget(ps -> new SGD(ps, 0.035));
        int momentum = stepsToTarget(ps -> SGD.withMomentum(ps, 0.03, 0.9));
        int rmsprop = stepsToTarget(ps -> new RMSprop(ps, 0.1));
        int adam = stepsToTarget(ps -> new Adam(ps, 0.3));
        String counts = "GD " + gd + ", momentum " + momentum + ", RMSprop " + rmsprop + ", Adam " + adam;

        assertEquals(152, gd, counts);
        assertEquals(84, momentum, counts);
        assertEquals(119, rmsprop, counts);
        assertEquals(86, adam, counts);
        assertTrue(momentum < gd && rmsprop < gd && adam < gd, counts);
    }

    @Test
    void gradientDescentAboveTheSteepCurvatureLimitDiverges() {
        assertEquals(MAX_STEPS + 1, stepsToTarget(ps -> new SGD(ps, 0.041)));
    }
}
