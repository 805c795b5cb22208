package dev.ndgrad.examples.planar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanarExampleTest {

    @Test
    void aTanhHiddenLayerFitsTheFlowerWhereLogisticRegressionCannot(@TempDir Path out) throws Exception {
        PlanarExample.Result r = PlanarExample.run(List.of(20), 1000, 1, out, Pngs.quietLog());

        PlanarExample.Accuracy logistic = r.logistic();
        PlanarExample.Accuracy planar = r.hidden().get(20);
        assertTrue(logistic.train() < 0.6, "no line separates the petals: " + logistic);
        assertTrue(planar.train() >= 0.85 && planar.test() >= 0.85, "hidden layer of 20: " + planar);
        assertTrue(planar.test() > logistic.test() + 0.3, planar + " vs " + logistic);
        Pngs.assertRealImage(r.plot());
    }
}
