package dev.ndgrad.examples.newton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Main;
import dev.ndgrad.examples.Pngs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewtonExampleTest {

    @Test
    void hessianVectorProductsAreRightAndNewtonBeatsGradientDescent(@TempDir Path out) throws Exception {
        NewtonExample.Result r = NewtonExample.run(5, 500, out, Pngs.quietLog());

        assertTrue(r.hvpVsHessianError() < 1e-12, "H·v vs full Hessian: " + r.hvpVsHessianError());
        assertTrue(r.hvpVsFiniteDifferenceError() < 1e-6, "H·v vs finite differences: " + r.hvpVsFiniteDifferenceError());

        assertTrue(r.newtonSteps() <= 10 && r.newtonDistance() < 1e-8,
                "Newton: " + r.newtonSteps() + " steps, distance " + r.newtonDistance());
        assertTrue(r.gdDistance() > 0.1, "GD should still be far from (1, 1) after 500 steps: " + r.gdDistance());

        assertTrue(r.newtonCgIterations() <= 10 && r.newtonCgGradientNorm() < 1e-8,
                "Newton-CG: " + r.newtonCgIterations() + " iterations, ‖∇J‖ " + r.newtonCgGradientNorm());
        assertTrue(r.hessianVectorProducts() > 0);
        assertTrue(r.logisticGdGradientNorm() > 1e3 * r.newtonCgGradientNorm(),
                "GD ‖∇J‖ after " + r.logisticGdSteps() + " steps: " + r.logisticGdGradientNorm());

        Pngs.assertRealImage(r.rosenbrockPlot());
        Pngs.assertRealImage(r.logisticPlot());
    }

    @Test
    void rosenbrockHasItsMinimumAtOneOne() {
        double atMinimum = NewtonExample.rosenbrock(dev.ndgrad.autograd.Tensor.of(
                org.nd4j.linalg.factory.Nd4j.createFromArray(1.0, 1.0))).item();
        double atStart = NewtonExample.rosenbrock(dev.ndgrad.autograd.Tensor.of(
                org.nd4j.linalg.factory.Nd4j.createFromArray(-1.2, 1.0))).item();
        assertTrue(atMinimum == 0, "f(1, 1) = " + atMinimum);
        assertTrue(Math.abs(atStart - 24.2) < 1e-12, "f(-1.2, 1) = " + atStart);
    }

    @Test
    void aStepCountBelowOneIsAUsageError() {
        assertEquals(2, Main.run("newton", "--gd-steps", "-5"));
    }
}
