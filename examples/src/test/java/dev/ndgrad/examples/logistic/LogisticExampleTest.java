package dev.ndgrad.examples.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogisticExampleTest {

    @Test
    void handDerivedAndAutogradNeuronsFollowTheSamePathToAGoodClassifier(@TempDir Path out) throws Exception {
        LogisticExample.Result r = LogisticExample.run(60, 0.1, 1, out, Pngs.quietLog());

        assertTrue(r.startGradientDifference() < 1e-5, "dw by hand vs autograd: " + r.startGradientDifference());
        assertTrue(r.maxCostDifference() < 1e-4, "cost curves differ by " + r.maxCostDifference());
        assertEquals(60, r.seedCosts().length);
        assertTrue(r.seedCosts()[59] < r.seedCosts()[0] / 2, "the cost should fall: " + r.seedCosts()[0] + " → "
                + r.seedCosts()[59]);
        assertEquals(Math.log(2), r.seedCosts()[0], 1e-5, "zero weights give a = 0.5, J = ln 2");
        assertTrue(r.seedTestAccuracy() >= 0.93, "one neuron, test accuracy " + r.seedTestAccuracy());
        assertEquals(r.seedTestAccuracy(), r.moduleTestAccuracy(), 1e-9);
        assertTrue(r.moduleDevAccuracy() >= 0.9, "dev accuracy " + r.moduleDevAccuracy());
        Pngs.assertRealImage(r.plot());
    }
}
