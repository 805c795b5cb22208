package dev.ndgrad.examples.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.data.Datasets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CharCorpusTest {

    /** 100 characters: "ab" 40 times and "c" 20 times, so p(a) = p(b) = 0.4 and p(c) = 0.2 up to smoothing. */
    private static final String ABC = "ab".repeat(40) + "c".repeat(20);

    @Test
    void theAlphabetIsTheDistinctCharactersInCodePointOrderAndEncodingRoundTrips() {
        CharCorpus corpus = new CharCorpus(ABC, 0.1);
        assertEquals(3, corpus.size());
        assertArrayEquals(new long[] {2, 0, 1, 1}, corpus.encode("cabb"));
        assertEquals('c', corpus.decode(2));
        assertTrue(corpus.canEncode("abc"));
        assertFalse(corpus.canEncode("abd"));
        var e = assertThrows(IllegalArgumentException.class, () -> corpus.encode("xa"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void theLastFractionIsHeldOutForValidation() {
        CharCorpus corpus = new CharCorpus(ABC, 0.1);
        assertEquals(90, corpus.train().length);
        assertEquals(10, corpus.validation().length);
        long[] all = corpus.encode(ABC);
        assertArrayEquals(Arrays.copyOfRange(all, 90, 100), corpus.validation());
    }

    @Test
    void theUnigramLossIsTheCrossEntropyOfTheSmoothedTrainingFrequencies() {
        CharCorpus corpus = new CharCorpus(ABC, 0.1);
        // training part: a, b 40 times each, c 10 times; add-one smoothing over 3 characters: (n + 1)/93
        assertArrayEquals(new double[] {41.0 / 93, 41.0 / 93, 11.0 / 93}, corpus.unigram(), 1e-12);
        // the validation part is ten c's
        assertEquals(-Math.log(11.0 / 93), corpus.unigramLoss(), 1e-12);
    }

    @Test
    void onTheBookTheUnigramLossIsTheEntropyOfEnglishLetters() {
        CharCorpus corpus = new CharCorpus(Datasets.prideAndPrejudice(), 0.1);
        // English text runs at about 4.1-4.5 bits per character when only letter frequencies are known
        double bits = corpus.unigramLoss() / Math.log(2);
        assertTrue(bits > 4.0 && bits < 4.7, "unigram bits per character: " + bits);
    }

    @Test
    void realWordsAreCountedCaseInsensitivelyAmongWordsOfTheMinimumLength() {
        CharCorpus corpus = new CharCorpus(Datasets.prideAndPrejudice(), 0.1);
        assertEquals(1.0, corpus.realWordFraction("The Bennets; Netherfield!", 3));
        assertEquals(0.5, corpus.realWordFraction("Elizabeth xqzvw, a", 3));   // "a" is too short to count
        assertTrue(Double.isNaN(corpus.realWordFraction("a I -- 12", 3)));
    }

    @Test
    void unigramSamplesFollowTheFrequencies() {
        CharCorpus corpus = new CharCorpus(ABC, 0.1);
        String sample = corpus.unigramSample(20_000, new Random(5));
        double c = sample.chars().filter(ch -> ch == 'c').count() / 20_000.0;
        assertEquals(11.0 / 93, c, 0.01);
    }
}
