package dev.ndgrad.examples.sequence;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes text with a {@link CharLanguageModel}, one character at a time: read the prompt, then repeatedly draw
 * the next character from {@code p_T(c) ∝ exp(z_c / T)}, the softmax of the logits {@code z} divided by the
 * temperature {@code T}, and feed it back in, carrying the recurrent state. {@code T = 1} samples the model's own
 * distribution; {@code T < 1} sharpens it towards the likeliest characters (safer, more repetitive text);
 * {@code T > 1} flattens it (more surprising text, more misspellings); {@code T → 0} is greedy decoding.
 */
final class TextSampler {

    private final CharLanguageModel model;
    private final CharCorpus corpus;

    TextSampler(CharLanguageModel model, CharCorpus corpus) {
        this.model = model;
        this.corpus = corpus;
    }

    /** The prompt followed by {@code length} sampled characters; the model is left in the mode it had. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    String sample(String prompt, int length, double temperature, Random random) {
        checkArgument(!prompt.isEmpty() && corpus.canEncode(prompt), "TextSampler: the prompt \"%s\" must be "
                + "non-empty and use only the text's characters", prompt);
        checkArgument(temperature > 0, "TextSampler: temperature %s must be positive", temperature);
        boolean training = model.isTraining();
        model.eval();
        StringBuilder text = new StringBuilder(prompt);
        try (var noGrad = Autograd.noGrad()) {
            long[] codes = corpus.encode(prompt);
            List<Tensor> out = model.callAll(List.of(Tensor.indices(codes).reshape(1, codes.length)));
            for (int i = 0; i < length; i++) {
                Tensor last = out.get(0).slice(1, codes.length - 1, codes.length);
                int next = draw(last.div(temperature).softmax(2).toDoubleArray(), random);
                text.append(corpus.decode(next));
                codes = new long[] {next};
                List<Tensor> in = new ArrayList<>(out);
                in.set(0, Tensor.indices(next).reshape(1, 1));
                out = model.callAll(in);
            }
        } finally {
            model.train(training);
        }
        return text.toString();
    }

    /** An index drawn with the given probabilities (which sum to 1 up to rounding). */
    static int draw(double[] probabilities, Random random) {
        double u = random.nextDouble();
        double cumulative = 0;
        int lastPossible = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] > 0) {
                cumulative += probabilities[i];
                lastPossible = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return lastPossible;   // u fell in the rounding gap above the last cumulative sum
    }
}
