package dev.ndgrad.examples.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import dev.ndgrad.nn.data.Datasets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceExampleTest {

    private static final int CHARACTERS = new CharCorpus(Datasets.prideAndPrejudice(),
            SequenceExample.VALIDATION_FRACTION).size();

    /** A reduced run: a smaller LSTM on shorter windows for a few hundred steps. */
    private static SequenceExample.Config reduced(RecurrentCell cell, int steps, long seed, Path out) {
        return new SequenceExample.Config(cell, 16, 64, 1, 32, 32, steps, 0.005, 1.0, 100, 80, 0.5, "Elizabeth",
                seed, out);
    }

    @Test
    void theLstmLearnsEnglishWellBelowTheUnigramBaselineAndWritesRealWords(@TempDir Path out) throws Exception {
        SequenceExample.Result r = SequenceExample.run(reduced(RecurrentCell.lstm, 300, 1, out),
                Pngs.quietLog());

        double unigram = r.unigramLoss();
        assertTrue(unigram > 2.9 && unigram < 3.3, "unigram baseline of English prose: " + unigram);
        assertTrue(r.finalValidationLoss() < 0.75 * unigram, () -> "validation loss " + r.finalValidationLoss()
                + " should be well below the unigram baseline " + unigram);
        assertTrue(Double.isNaN(r.trainLoss()[0]) && r.steps()[0] == 0, "the first point is before training");
        assertTrue(r.validationLoss()[0] > 0.9 * Math.log(CHARACTERS), "untrained, the model guesses about "
                + "uniformly: " + r.validationLoss()[0]);
        assertTrue(r.realWords() >= 0.35 && r.realWords() > r.unigramRealWords() + 0.3, () -> "sampled words that "
                + "are words of the book: " + r.realWords() + " (character frequencies alone: "
                + r.unigramRealWords() + ")");
        assertEquals(4, r.samples().size(), "a sample at every evaluation, the first before training");
        r.samples().forEach(s -> assertTrue(s.text().startsWith("Elizabeth") && s.text().length() == 89, s::text));
        assertEquals(SequenceExample.TEMPERATURES.length, r.samplesByTemperature().size());
        assertTrue(r.seconds() > 0);
        Pngs.assertRealImage(r.plot());
    }

    @Test
    void theSameSeedGivesTheSameRunAndTheGruTrainsToo(@TempDir Path out) {
        SequenceExample.Result a = SequenceExample.run(reduced(RecurrentCell.gru, 10, 7, out.resolve("a")),
                Pngs.quietLog());
        SequenceExample.Result b = SequenceExample.run(reduced(RecurrentCell.gru, 10, 7, out.resolve("b")),
                Pngs.quietLog());
        SequenceExample.Result c = SequenceExample.run(reduced(RecurrentCell.gru, 10, 8, out.resolve("c")),
                Pngs.quietLog());

        assertArrayEquals(a.validationLoss(), b.validationLoss());
        assertEquals(a.samples(), b.samples());
        assertEquals(a.samplesByTemperature(), b.samplesByTemperature());
        assertNotEquals(a.samples(), c.samples(), "another seed, another run");
        assertTrue(a.finalValidationLoss() < 0.9 * Math.log(CHARACTERS), () -> "ten steps already beat guessing "
                + "uniformly among the " + CHARACTERS + " characters: " + a.finalValidationLoss());
    }
}
