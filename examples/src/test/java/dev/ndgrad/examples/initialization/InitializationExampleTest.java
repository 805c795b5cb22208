package dev.ndgrad.examples.initialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitializationExampleTest {

    @Test
    void zerosLeaveHiddenUnitsIdenticalAndHeAndXavierTrainBestOnTheDeepNetwork(@TempDir Path out) throws Exception {
        InitializationExample.Result r = InitializationExample.run(2, 120, Activation.RELU, out, Pngs.quietLog());
        InitializationExample.Run zeros = r.run(InitScheme.ZEROS);
        InitializationExample.Run large = r.run(InitScheme.LARGE);

        assertEquals(0.0, zeros.maxUnitDifference(), "zeros: the hidden units of a layer must stay identical");
        assertEquals(Math.log(2), zeros.finalLoss(), 1e-4, "zeros cannot do better than predicting 1/2");
        for (InitScheme good : new InitScheme[] {InitScheme.XAVIER, InitScheme.HE}) {
            InitializationExample.Run run = r.run(good);
            assertTrue(run.maxUnitDifference() > 0.1, () -> good + ": random weights break the symmetry " + run);
            assertTrue(run.finalLoss() < zeros.finalLoss() && run.finalLoss() < large.finalLoss(),
                    () -> good + " should train to a lower loss than zeros and N(0,1)·10: " + r.runs());
            assertTrue(run.finalLoss() < 0.5, () -> good + " should fit the flower: " + run);
        }
        // He keeps the scale of ReLU activations through depth; too large multiplies it layer after layer.
        double[] he = r.run(InitScheme.HE).activationScales();
        double[] tooLarge = large.activationScales();
        assertTrue(he[he.length - 1] / he[0] > 0.2 && he[he.length - 1] / he[0] < 5, () -> "He: " + r.runs());
        assertTrue(tooLarge[tooLarge.length - 1] / tooLarge[0] > 1e3, () -> "N(0,1)·10: " + r.runs());

        Pngs.assertRealImage(r.plot());
    }
}
