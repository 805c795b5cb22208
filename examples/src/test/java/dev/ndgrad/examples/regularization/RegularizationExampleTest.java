package dev.ndgrad.examples.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularizationExampleTest {

    @Test
    void everyRegularizerShrinksTheTrainDevGapOfTheOverfittingNetwork(@TempDir Path out) throws Exception {
        RegularizationExample.Result r = RegularizationExample.run(1, 100, out, Pngs.quietLog());
        RegularizationExample.Run none = r.run(Variant.NONE);

        assertTrue(none.diagnosis().verdict().highVariance() && none.gap() > 0.06,
                () -> "without regularization the big network should overfit: " + none);
        for (Variant variant : new Variant[] {Variant.L2, Variant.DROPOUT, Variant.EARLY_STOPPING}) {
            RegularizationExample.Run run = r.run(variant);
            assertTrue(run.gap() < none.gap() - 0.03, () -> run + " vs " + none);
            assertTrue(run.devAccuracy() > none.devAccuracy(), () -> run + " vs " + none);
        }
        RegularizationExample.Run early = r.run(Variant.EARLY_STOPPING);
        int patience = RegularizationExample.PATIENCE;
        assertTrue(early.epochsRun() < 100 && early.keptEpoch() == early.epochsRun() - 1 - patience,
                () -> "early stopping should stop " + patience + " epochs after its best: " + early);
        assertEquals(early.epochsRun(), early.devLoss().length);
        assertEquals(0.1, r.baseError(), 0.01, "base error: the flipped fraction (the moons barely overlap)");

        Pngs.assertRealImage(r.plot());
    }

    @Test
    void theBayesErrorOfTheMoonsIsTheFlipRateWhenTheyDoNotOverlap() {
        assertEquals(0.2, new NoisyMoons(0.05, 0.2).bayesError(2000, 1), 1e-3);
        double overlapping = new NoisyMoons(0.3, 0).bayesError(4000, 1);
        assertTrue(overlapping > 0.07 && overlapping < 0.10, "σ = 0.3: about 8.5%, got " + overlapping);
    }
}
