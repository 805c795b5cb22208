package dev.ndgrad.examples.sequence;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text as data for a character-level language model: its alphabet (every distinct character, in code-point
 * order, numbered from 0), the text as those numbers split into a training part (the first
 * {@code 1 − validationFraction}) and a validation part (the rest, text the model never trains on), the
 * words it uses, and the baseline any model must beat: the cross-entropy on the validation part of the unigram
 * model, which predicts each character from the training part's character frequencies alone, ignoring context.
 */
final class CharCorpus {

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private final String text;
    private final char[] alphabet;
    private final Map<Character, Integer> index = new HashMap<>();
    private final long[] train;
    private final long[] validation;
    private final double[] unigram;
    private final Set<String> words;

    CharCorpus(String text, double validationFraction) {
        checkArgument(validationFraction > 0 && validationFraction < 1,
                "CharCorpus: validation fraction %s must be in (0, 1)", validationFraction);
        checkArgument(text.length() >= 100, "CharCorpus: a text of %s characters is too short", text.length());
        this.text = text;
        TreeSet<Character> distinct = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) {
            distinct.add(text.charAt(i));
        }
        this.alphabet = new char[distinct.size()];
        int k = 0;
        for (char c : distinct) {
            alphabet[k] = c;
            index.put(c, k++);
        }
        long[] all = encode(text);
        int split = (int) Math.round(all.length * (1 - validationFraction));
        this.train = Arrays.copyOfRange(all, 0, split);
        this.validation = Arrays.copyOfRange(all, split, all.length);
        this.unigram = frequencies(train, alphabet.length);
        this.words = wordsOf(text);
    }

    /** Characters in the alphabet. */
    int size() {
        return alphabet.length;
    }

    /** The numbers of {@code s}'s characters; every one must be in the alphabet. */
    long[] encode(String s) {
        long[] codes = new long[s.length()];
        for (int i = 0; i < s.length(); i++) {
            Integer code = index.get(s.charAt(i));
            checkArgument(code != null, "CharCorpus: '%s' (in \"%s\") is not in the text's alphabet", s.charAt(i), s);
            codes[i] = code;
        }
        return codes;
    }

    /** The character numbered {@code code}. */
    char decode(int code) {
        return alphabet[code];
    }

    /** Whether every character of {@code s} is in the alphabet. */
    boolean canEncode(String s) {
        return s.chars().allMatch(c -> index.containsKey((char) c));
    }

    long[] train() {
        return train.clone();
    }

    long[] validation() {
        return validation.clone();
    }

    String text() {
        return text;
    }

    /** Each character's frequency in the training part, add-one smoothed so that none has probability 0. */
    double[] unigram() {
        return unigram.clone();
    }

    /**
     * The unigram model's cross-entropy on the validation part, in nats per character:
     * {@code −(1/n) Σ_t ln p(x_t)} with {@code p} the training part's character frequencies. It is (close to)
     * the entropy of the character distribution, {@code −Σ_c p(c) ln p(c)}: the loss of a model that has learnt
     * which characters are common but nothing about their order.
     */
    double unigramLoss() {
        double sum = 0;
        for (long c : validation) {
            sum -= Math.log(unigram[(int) c]);
        }
        return sum / validation.length;
    }

    /**
     * The fraction of the words of {@code sample} (runs of letters of at least {@code minLength}, compared in
     * lower case) that occur in the text; NaN if it has no such word.
     */
    double realWordFraction(String sample, int minLength) {
        int found = 0;
        int total = 0;
        Matcher m = WORD.matcher(sample);
        while (m.find()) {
            String word = m.group().toLowerCase(Locale.ROOT);
            if (word.length() >= minLength) {
                total++;
                found += words.contains(word) ? 1 : 0;
            }
        }
        return total == 0 ? Double.NaN : (double) found / total;
    }

    /** {@code length} characters drawn independently from the unigram model: frequencies without order. */
    String unigramSample(int length, Random random) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(decode(TextSampler.draw(unigram, random)));
        }
        return s.toString();
    }

    private static double[] frequencies(long[] codes, int size) {
        double[] counts = new double[size];
        Arrays.fill(counts, 1);
        for (long c : codes) {
            counts[(int) c]++;
        }
        double total = codes.length + size;
        return Arrays.stream(counts).map(n -> n / total).toArray();
    }

    private static Set<String> wordsOf(String text) {
        Set<String> words = new HashSet<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
