package dev.ndgrad.examples.sequence;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import dev.ndgrad.nn.data.Datasets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad sequence}: see {@link SequenceExample}. */
@Command(name = "sequence", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A character-level language model (embedding, LSTM or GRU, linear read-out) learns English "
                + "from the first ten chapters of Pride and Prejudice (bundled, public domain): validation loss and "
                + "perplexity against the unigram baseline, samples written by the model as it learns "
                + "(temperature sampling), and how many of the sampled words are real.",
                "Writes sequence-loss.png."})
public final class SequenceCommand extends ExampleCommand {

    @Option(names = "--cell", defaultValue = "lstm",
            description = "Recurrent cell: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    RecurrentCell cell;

    @Option(names = "--embedding", paramLabel = "N", defaultValue = "32",
            description = "Size of the character vectors. Default: ${DEFAULT-VALUE}.")
    int embedding;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "128",
            description = "Hidden units of the recurrent layer. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "1",
            description = "Stacked recurrent layers. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--seq-length", paramLabel = "N", defaultValue = "64",
            description = "Characters per training window (steps of backpropagation through time). "
                    + "Default: ${DEFAULT-VALUE}.")
    int seqLength;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Windows per training step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "2000",
            description = "Training steps (mini-batches). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--lr", defaultValue = "0.003",
            description = "Adam's initial learning rate, decayed along a cosine to a tenth. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--clip", defaultValue = "1.0",
            description = "Largest global norm of the gradient. Default: ${DEFAULT-VALUE}.")
    double clip;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "200",
            description = "Steps between validation losses and samples. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--sample-length", paramLabel = "N", defaultValue = "200",
            description = "Characters per printed sample. Default: ${DEFAULT-VALUE}.")
    int sampleLength;

    @Option(names = "--temperature", defaultValue = "0.7",
            description = "Sampling temperature T (p ∝ exp(logit/T)) of the samples printed while learning. "
                    + "Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--prompt", defaultValue = "Elizabeth",
            description = "The text every sample starts from. Default: ${DEFAULT-VALUE}.")
    String prompt;

    /** Longest training window: the validation text must still hold at least one. */
    static final int MAX_SEQ_LENGTH = 1000;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeastOne("--embedding", embedding)
                .atLeastOne("--hidden", hidden)
                .atLeastOne("--layers", layers)
                .atLeastOne("--seq-length", seqLength)
                .require(seqLength <= MAX_SEQ_LENGTH, "--seq-length must be at most " + MAX_SEQ_LENGTH + ", got "
                        + seqLength)
                .atLeastOne("--batch-size", batchSize)
                .atLeastOne("--steps", steps)
                .positive("--lr", learningRate)
                .positive("--clip", clip)
                .atLeastOne("--eval-every", evalEvery)
                .atLeastOne("--sample-length", sampleLength)
                .positive("--temperature", temperature);
        String text = Datasets.prideAndPrejudice();
        String missing = prompt.codePoints().filter(c -> text.indexOf(c) < 0).collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString();
        check.require(!prompt.isEmpty() && missing.isEmpty(), "--prompt must be non-empty text made of characters "
                + "of the book, got '" + prompt + "'" + (missing.isEmpty() ? "" : " (not in the book: " + missing + ")"));
    }

    @Override
    protected int run(Path out) {
        SequenceExample.Config config = new SequenceExample.Config(cell, embedding, hidden, layers, seqLength,
                batchSize, steps, learningRate, clip, evalEvery, sampleLength, temperature, prompt, seed(), out);
        SequenceExample.Result r = SequenceExample.run(config, System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
