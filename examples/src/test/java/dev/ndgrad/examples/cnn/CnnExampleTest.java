package dev.ndgrad.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.Pngs;
import dev.ndgrad.examples.fashion.FashionTestData;
import dev.ndgrad.examples.fashion.FashionExample;
import dev.ndgrad.optim.train.ProgressDisplay;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class CnnExampleTest {

    /** One epoch on 1,500 images with narrow layers: seconds, and far above the 10 % of guessing. */
    private static CnnExample.Config tinyRun(Path data, Path out) {
        return new CnnExample.Config(data, 1500, 500, List.of(8, 16), 32, 0.1, 1, 64, 3e-3, 12, 1,
                ProgressDisplay.OFF, out);
    }

    @Test
    void aTinyRunLearnsTheClassesAndDrawsItsPictures(@TempDir Path out) throws Exception {
        Path data = FashionTestData.installed();

        CnnExample.Result r = CnnExample.run(tinyRun(data, out), Pngs.quietLog());

        assertTrue(r.testAccuracy() >= 0.5, "test accuracy after 1 epoch on 1,500 images: " + r.testAccuracy());
        assertEquals(1, r.history().size());
        assertTrue(r.history().last().devMetric() >= 0.5, r.history()::toString);
        assertEquals(10, r.testAccuracyByClass().size());
        assertEquals(Math.round((1 - r.testAccuracy()) * 10_000), r.misclassified());
        Pngs.assertRealImage(r.learningCurves());
        Pngs.assertRealImage(r.misclassifiedImages());
        assertTrue(r.checkpoint().toFile().length() > 0, "the weights are saved");
    }

    @Test
    void theSameSeedGivesTheSameRun(@TempDir Path out) {
        Path data = FashionTestData.installed();
        CnnExample.Config config = new CnnExample.Config(data, 300, 100, List.of(4), 8, 0.2, 1, 50, 3e-3, 4, 7,
                ProgressDisplay.OFF, out);

        CnnExample.Result a = CnnExample.run(config, Pngs.quietLog());
        CnnExample.Result b = CnnExample.run(config, Pngs.quietLog());

        assertArrayEquals(a.history().trainLosses(), b.history().trainLosses());
        assertArrayEquals(a.history().devLosses(), b.history().devLosses());
        assertEquals(a.testAccuracy(), b.testAccuracy());
    }

    @Test
    void theNetworkReadsRowsOfPixelsAsImagesAndSaysWhatItWants() {
        FashionCnn model = new FashionCnn(28, List.of(4, 8, 8), 16, 0.0, 10, 3);
        assertArrayEquals(new long[] {5, 10}, model.forward(Tensor.zeros(DataType.FLOAT, 5, 784)).shape());
        assertTrue(model.namedParameters().containsKey("features.4.weight"), model.namedParameters()::toString);
        assertTrue(model.namedParameters().containsKey("classifier.4.bias"), model.namedParameters()::toString);
        var wrong = assertThrows(IllegalArgumentException.class,
                () -> model.forward(Tensor.zeros(DataType.FLOAT, 5, 1, 28, 28)));
        assertTrue(wrong.getMessage().contains("rows of 28 x 28 = 784 pixels"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FashionCnn(28, List.of(1, 1, 1, 1, 1), 4, 0, 10, 1));
    }

    @Test
    void missingDataIsAClearMessageSayingHowToGetIt(@TempDir Path empty) {
        var e = assertThrows(FashionExample.DataMissingException.class, () -> CnnExample.run(tinyRun(empty, empty),
                Pngs.quietLog()));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }
}
