package dev.ndgrad.examples.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.data.Datasets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextSamplerTest {

    @Test
    void drawFollowsTheProbabilitiesAndNeverPicksAnImpossibleOne() {
        double[] p = {0.0, 0.25, 0.0, 0.75, 0.0};
        Random random = new Random(3);
        int[] counts = new int[p.length];
        for (int i = 0; i < 40_000; i++) {
            counts[TextSampler.draw(p, random)]++;
        }
        assertEquals(0, counts[0] + counts[2] + counts[4]);
        assertEquals(0.25, counts[1] / 40_000.0, 0.01);
        // probabilities that sum to a little less than 1 (rounding): the gap goes to the last possible index
        assertEquals(1, TextSampler.draw(new double[] {0.5, 0.4999999, 0.0}, new Random(0) {
            @Override
            public double nextDouble() {
                return 0.99999999;
            }
        }));
    }

    @Test
    void samplesStartWithThePromptHaveTheLengthAndDependOnTheTemperatureAndSeed() {
        CharCorpus corpus = new CharCorpus(Datasets.prideAndPrejudice(), 0.1);
        CharLanguageModel model = new CharLanguageModel(corpus.size(), 8, 16, 1, RecurrentCell.gru, 4);
        TextSampler sampler = new TextSampler(model, corpus);
        String a = sampler.sample("Mr. ", 50, 1.0, new Random(9));
        assertTrue(a.startsWith("Mr. ") && a.length() == 54, a);
        assertEquals(a, sampler.sample("Mr. ", 50, 1.0, new Random(9)), "the same seed, the same text");
        assertNotEquals(a, sampler.sample("Mr. ", 50, 1.0, new Random(10)));
        assertTrue(model.isTraining(), "the model is left in the mode it had");
        // near zero temperature, sampling is greedy decoding: the same text whatever the seed
        assertEquals(sampler.sample("Mr. ", 30, 1e-4, new Random(1)), sampler.sample("Mr. ", 30, 1e-4, new Random(2)));
    }
}
