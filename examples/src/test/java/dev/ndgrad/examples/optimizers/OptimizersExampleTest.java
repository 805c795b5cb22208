package dev.ndgrad.examples.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizersExampleTest {

    @Test
    void momentumRmspropAndAdamReachTheBowlThresholdInFewerStepsThanGradientDescent(@TempDir Path out)
            throws Exception {
        OptimizersExample.Result r = OptimizersExample.run(3, 2, out, Pngs.quietLog());

        OptimizersExample.BowlRun gd = r.bowl(Method.GD);
        assertTrue(gd.stepsToThreshold() > 0, "gradient descent should reach the threshold: " + gd);
        for (Method m : new Method[] {Method.MOMENTUM, Method.RMSPROP, Method.ADAM}) {
            OptimizersExample.BowlRun run = r.bowl(m);
            assertTrue(run.stepsToThreshold() > 0 && run.stepsToThreshold() < gd.stepsToThreshold(),
                    () -> m + " needs " + run.stepsToThreshold() + " steps, gradient descent " + gd.stepsToThreshold());
            assertTrue(run.finalLoss() <= r.threshold(), run::toString);
        }

        assertEquals(Method.values().length, r.digits().size());
        for (OptimizersExample.DataRun run : r.digits()) {
            assertTrue(Double.isFinite(run.finalTrainLoss()) && run.devAccuracy() > 0.5,
                    () -> "after 2 epochs every method should classify most digits: " + run);
        }

        BufferedImage image = Pngs.assertRealImage(r.plot());
        assertTrue(image.getWidth() > image.getHeight() / 2 && image.getWidth() >= 1000,
                "four panels in one picture: " + image.getWidth() + "x" + image.getHeight());
    }
}
