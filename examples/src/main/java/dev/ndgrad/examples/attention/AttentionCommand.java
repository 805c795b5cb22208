package dev.ndgrad.examples.attention;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad attention}: see {@link AttentionExample}. */
@Command(name = "attention", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A small Transformer encoder (token and position embeddings, TransformerEncoderLayers, a "
                + "linear read-out) learns to sort or reverse sequences of digits, answering every position at once; "
                + "accuracy on held-out sequences, a few answers, and what each attention head looks at.",
                "Writes attention-map.png (one heat map per layer and head) and attention-training.png."})
public final class AttentionCommand extends ExampleCommand {

    @Option(names = "--task", defaultValue = "sort",
            description = "What to learn: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    DigitTask task;

    @Option(names = "--length", paramLabel = "N", defaultValue = "10",
            description = "Digits per sequence. Default: ${DEFAULT-VALUE}.")
    int length;

    @Option(names = "--d-model", paramLabel = "N", defaultValue = "64",
            description = "Width of the token vectors. Default: ${DEFAULT-VALUE}.")
    int dModel;

    @Option(names = "--heads", paramLabel = "N", defaultValue = "2",
            description = "Attention heads per layer (must divide --d-model). Default: ${DEFAULT-VALUE}.")
    int heads;

    @Option(names = "--feed-forward", paramLabel = "N", defaultValue = "128",
            description = "Hidden width of each layer's feed-forward network. Default: ${DEFAULT-VALUE}.")
    int feedForward;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "2",
            description = "Encoder layers. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Sequences per training step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "2000",
            description = "Training steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--lr", defaultValue = "0.002",
            description = "Adam's peak learning rate (after a warm-up of 5%% of the steps, then cosine decay). "
                    + "Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "100",
            description = "Steps between held-out scores. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--held-out", paramLabel = "N", defaultValue = "10000",
            description = "Held-out sequences (never trained on). Default: ${DEFAULT-VALUE}.")
    int heldOut;

    /** Longest sequence: position embeddings and heat maps beyond this help nobody. */
    static final int MAX_LENGTH = 16;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeast("--length", length, 2)
                .require(length <= MAX_LENGTH, "--length must be at most " + MAX_LENGTH + ", got " + length)
                .atLeastOne("--d-model", dModel)
                .atLeastOne("--heads", heads)
                .require(dModel % heads == 0, "--heads must divide --d-model " + dModel + ", got " + heads)
                .atLeastOne("--feed-forward", feedForward)
                .atLeastOne("--layers", layers)
                .atLeastOne("--batch-size", batchSize)
                .atLeastOne("--steps", steps)
                .positive("--lr", learningRate)
                .atLeastOne("--eval-every", evalEvery)
                .atLeastOne("--held-out", heldOut)
                .require(heldOut <= Math.pow(DigitSequences.DIGITS, length) / 2, "--held-out must be at most half "
                        + "of the 10^" + length + " sequences of --length " + length + ", got " + heldOut);
    }

    @Override
    protected int run(Path out) {
        AttentionExample.Config config = new AttentionExample.Config(task, length, dModel, heads, feedForward, layers,
                batchSize, steps, learningRate, evalEvery, heldOut, seed(), out);
        AttentionExample.Result r = AttentionExample.run(config, System.out);
        System.out.println("Wrote " + r.attentionMap().toAbsolutePath() + " and " + r.trainingCurves().getFileName());
        return 0;
    }
}
