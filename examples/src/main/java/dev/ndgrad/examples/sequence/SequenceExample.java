package dev.ndgrad.examples.sequence;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.StepwiseTraining;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.ModelSummary;
import dev.ndgrad.nn.Reduction;
import dev.ndgrad.nn.data.Datasets;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.LearningRateSchedule;
import dev.ndgrad.optim.Optimizer;
import dev.ndgrad.optim.Schedules;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A character-level language model learns English from a bundled public-domain text, the first ten chapters of
 * Jane Austen's <i>Pride and Prejudice</i> ({@link Datasets#prideAndPrejudice()}). The model
 * ({@link CharLanguageModel}: embedding, LSTM or GRU, linear read-out) is trained to predict every next character
 * of random windows of the training part (the first 90 % of the text) with the cross-entropy
 * {@code −(1/n) Σ_t ln p(x_{t+1} | x_1 … x_t)}, by Adam with a cosine-decaying learning rate and the gradient's
 * norm clipped (recurrent networks occasionally produce huge gradients). Every so often it prints the loss on the
 * validation part (the last 10 %, never trained on), its perplexity {@code e^loss} (the number of equally likely
 * characters the model is, on average, choosing between), and a sample written by the model at the sampling
 * temperature; at the end, samples at several temperatures and how many of the sampled words are words of the
 * text. The yardstick is the unigram model, which knows the characters' frequencies but not their order.
 * Writes {@code sequence-loss.png}: the training and validation loss per step and the validation perplexity.
 */
public final class SequenceExample {

    /** The run's settings. */
    public record Config(RecurrentCell cell, int embeddingDim, int hidden, int layers, int seqLength,
            int batchSize, int steps, double learningRate, double clip, int evalEvery, int sampleLength,
            double temperature, String prompt, long seed, Path outputDir) {
        public Config {
            checkArgument(embeddingDim > 0 && hidden > 0 && layers > 0 && seqLength > 0 && batchSize > 0
                    && steps > 0 && evalEvery > 0 && sampleLength > 0, "sequence: sizes and counts must be positive");
            checkArgument(learningRate > 0 && clip > 0 && temperature > 0,
                    "sequence: learning rate, clip and temperature must be positive");
        }
    }

    /** A sample written by the model after {@code step} training steps. */
    public record Sample(int step, String text) {}

    /**
     * What the run measured.
     *
     * @param steps             the steps at which the losses were measured
     * @param trainLoss         the mean training loss (nats per character) over the steps since the last point
     * @param validationLoss    the loss on the validation part at each point
     * @param unigramLoss       the unigram model's loss on the validation part
     * @param realWords         the fraction of the words (3+ letters) of a long sample at the sampling temperature
     *                          that occur in the text
     * @param unigramRealWords  the same for text drawn from the character frequencies alone
     */
    public record Result(int[] steps, double[] trainLoss, double[] validationLoss, double unigramLoss,
            List<Sample> samples, Map<Double, String> samplesByTemperature, double realWords, double unigramRealWords,
            long parameters, Path plot, double seconds) {
        /** The last validation loss. */
        public double finalValidationLoss() {
            return validationLoss[validationLoss.length - 1];
        }
    }

    static final double VALIDATION_FRACTION = 0.1;
    /** Temperatures of the samples printed at the end. */
    static final double[] TEMPERATURES = {0.5, 1.0, 1.5};
    /** Characters sampled to count real words. */
    static final int WORD_COUNT_SAMPLE = 2000;
    static final int MIN_WORD_LENGTH = 3;

    private SequenceExample() {}

    public static Result run(Config config, PrintStream log) {
        long start = System.nanoTime();
        CharCorpus corpus = new CharCorpus(Datasets.prideAndPrejudice(), VALIDATION_FRACTION);
        checkArgument(corpus.canEncode(config.prompt()), "sequence: the prompt \"%s\" uses characters the text does "
                + "not have", config.prompt());
        checkArgument(config.seqLength() < corpus.train().length, "sequence: windows of %s characters do not fit the "
                + "training text", config.seqLength());
        log.printf(Locale.ROOT, "Pride and Prejudice, chapters 1-10: %,d characters (%d distinct), %,d for training, "
                + "%,d for validation%n", corpus.text().length(), corpus.size(), corpus.train().length,
                corpus.validation().length);
        double unigram = corpus.unigramLoss();
        log.printf(Locale.ROOT, "Unigram baseline (character frequencies only): %.3f nats/char, perplexity %.1f%n",
                unigram, Math.exp(unigram));

        CharLanguageModel model = new CharLanguageModel(corpus.size(), config.embeddingDim(), config.hidden(),
                config.layers(), config.cell(), config.seed());
        Tensor example = Tensor.indices(corpus.encode(config.prompt())).reshape(1, config.prompt().length());
        log.println(ModelSummary.of(model, example));
        log.printf(Locale.ROOT, "Training: %d steps of %d windows of %d characters, Adam (lr %s, cosine decay), "
                + "gradient norm clipped at %s%n", config.steps(), config.batchSize(), config.seqLength(),
                config.learningRate(), config.clip());

        Trajectory trajectory = train(model, corpus, config, unigram, start, log);

        Random sampling = new Random(config.seed() + 2);
        TextSampler sampler = new TextSampler(model, corpus);
        Map<Double, String> byTemperature = new LinkedHashMap<>();
        for (double t : TEMPERATURES) {
            String text = sampler.sample(config.prompt(), config.sampleLength(), t, sampling);
            byTemperature.put(t, text);
            log.printf(Locale.ROOT, "%nSample at temperature %s:%n%s%n", t, text);
        }
        String longSample = sampler.sample(config.prompt(), WORD_COUNT_SAMPLE, config.temperature(), sampling);
        double realWords = corpus.realWordFraction(longSample, MIN_WORD_LENGTH);
        double unigramRealWords = corpus.realWordFraction(corpus.unigramSample(WORD_COUNT_SAMPLE, sampling),
                MIN_WORD_LENGTH);
        log.printf(Locale.ROOT, "%nWords of %d+ letters in %,d sampled characters (temperature %s) that occur in the "
                + "text: %.0f%% (text drawn from the character frequencies: %.0f%%)%n", MIN_WORD_LENGTH,
                WORD_COUNT_SAMPLE, config.temperature(), 100 * realWords, 100 * unigramRealWords);

        Path plot = LanguageModelCurves.save(trajectory.steps(), trajectory.trainLoss(), trajectory.validationLoss(),
                unigram, config.cell().name().toUpperCase(Locale.ROOT) + " on Pride and Prejudice",
                config.outputDir().resolve("sequence-loss.png"));
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "Validation loss %.3f nats/char (perplexity %.2f) against the unigram baseline's "
                + "%.3f (%.1f)%n", trajectory.last(), Math.exp(trajectory.last()), unigram, Math.exp(unigram));
        log.printf(Locale.ROOT, "Done in %.0f s%n", seconds);
        return new Result(trajectory.steps(), trajectory.trainLoss(), trajectory.validationLoss(), unigram,
                trajectory.samples(), byTemperature, realWords, unigramRealWords, model.parameterCount(), plot,
                seconds);
    }

    /** The losses measured along the way and the samples printed. */
    private record Trajectory(int[] steps, double[] trainLoss, double[] validationLoss, List<Sample> samples) {
        double last() {
            return validationLoss[validationLoss.length - 1];
        }
    }

    private static Trajectory train(CharLanguageModel model, CharCorpus corpus, Config config, double unigram,
            long start, PrintStream log) {
        Optimizer optimizer = new Adam(model.parameters(), config.learningRate());
        LearningRateSchedule schedule = Schedules.perStep(Schedules.cosineWithWarmup(config.learningRate(), 0,
                config.steps(), config.learningRate() / 10));
        Windows windows = new Windows(corpus.train(), config.seqLength(), new Random(config.seed() + 1));
        TextSampler sampler = new TextSampler(model, corpus);
        Random sampling = new Random(config.seed() + 3);
        long[] validation = corpus.validation();
        List<Integer> steps = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> validationLoss = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        model.train();
        StepwiseTraining.run(optimizer, schedule, config.clip(), config.steps(), config.evalEvery(), () -> {
            Windows.Batch batch = windows.next(config.batchSize());
            return loss(model, batch.inputs(), batch.targets());
        }, (step, trained) -> {
            double validated = validationLoss(model, validation, config.seqLength(), config.batchSize());
            steps.add(step);
            trainLoss.add(trained);
            validationLoss.add(validated);
            log.printf(Locale.ROOT, "step %5d/%d  train %5.3f  validation %.3f nats/char (perplexity %5.2f; unigram "
                    + "%.1f)  %4.0f s%n", step, config.steps(), trained, validated, Math.exp(validated),
                    Math.exp(unigram), (System.nanoTime() - start) / 1e9);
            String text = sampler.sample(config.prompt(), config.sampleLength(), config.temperature(), sampling);
            samples.add(new Sample(step, text));
            log.println("  | " + text.replace("\n", "\n  | "));
        });
        return new Trajectory(steps.stream().mapToInt(Integer::intValue).toArray(),
                trainLoss.stream().mapToDouble(Double::doubleValue).toArray(),
                validationLoss.stream().mapToDouble(Double::doubleValue).toArray(), List.copyOf(samples));
    }

    /** The mean next-character cross-entropy of the model on {@code inputs → targets} ({@code [batch, seq]}). */
    private static Tensor loss(CharLanguageModel model, Tensor inputs, Tensor targets) {
        Tensor logits = model.forward(inputs);
        long n = targets.size();
        return Losses.crossEntropy(logits.reshape(n, model.vocabulary()), targets.reshape(n));
    }

    /**
     * The mean loss over the validation part, cut into consecutive windows of {@code seqLength} characters (each
     * read from a zero state; the tail shorter than a window is left out), in evaluation mode and without a graph.
     */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    static double validationLoss(CharLanguageModel model, long[] text, int seqLength, int batchSize) {
        List<Windows.Batch> batches = Windows.consecutive(text, seqLength, batchSize);
        double sum = 0;
        long count = 0;
        model.eval();
        try (var noGrad = Autograd.noGrad()) {
            for (Windows.Batch batch : batches) {
                Tensor logits = model.forward(batch.inputs());
                long n = batch.targets().size();
                sum += Losses.crossEntropy(logits.reshape(n, model.vocabulary()), batch.targets().reshape(n),
                        Reduction.SUM).item();
                count += n;
            }
        } finally {
            model.train();
        }
        return sum / count;
    }
}
