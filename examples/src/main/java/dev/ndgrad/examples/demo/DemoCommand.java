package dev.ndgrad.examples.demo;

import com.google.common.collect.Range;
import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.Datasets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad demo}: the main job, see {@link DemoExample}. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The main job: define a deep ReLU network in code, gradient-check it (DOUBLE, dropout off, "
                + "L2 included, at random initialisation), train it on a bundled data set with a progress bar, "
                + "and report train/dev/test accuracy with the bias/variance diagnosis.",
                "Writes learning-curves.png and the checkpoint model.npz to the output folder."})
public final class DemoCommand extends ExampleCommand {

    /** The bundled data sets the demo can train on. */
    enum Data {
        digits, breast_cancer, iris;

        Dataset load() {
            return switch (this) {
                case digits -> Datasets.digits();
                case breast_cancer -> Datasets.breastCancer();
                case iris -> Datasets.iris();
            };
        }
    }

    @Option(names = "--data", defaultValue = "digits",
            description = "Bundled data set: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Data data;

    @Option(names = "--hidden", split = ",", defaultValue = "128,64", paramLabel = "N,N,...",
            description = "Widths of the hidden layers. Default: ${DEFAULT-VALUE}.")
    List<Integer> hidden;

    @Option(names = "--epochs", defaultValue = "60", description = "Most epochs to train. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.003", description = "Adam's initial learning rate α₀. "
            + "Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--keep-prob", defaultValue = "0.9",
            description = "Dropout's keep_prob for the hidden layers (1 = no dropout). Default: ${DEFAULT-VALUE}.")
    double keepProb;

    @Option(names = "--l2", defaultValue = "0.5",
            description = "L2 strength λ in λ/(2m)·Σ‖W‖². Default: ${DEFAULT-VALUE}.")
    double l2;

    @Option(names = "--patience", defaultValue = "8",
            description = "Early stopping: epochs without a better dev loss. Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--base-error", defaultValue = "0.01",
            description = "The base (e.g. human) error for the bias/variance diagnosis. Default: ${DEFAULT-VALUE}.")
    double baseError;

    @Option(names = "--check-examples", defaultValue = "16",
            description = "Examples in the gradient-check batch. Default: ${DEFAULT-VALUE}.")
    int checkExamples;

    @Option(names = "--check-directions", defaultValue = "24",
            description = "Random directions of the whole-model gradient check. Default: ${DEFAULT-VALUE}.")
    int checkDirections;

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    boolean noProgress;

    @Override
    protected void validate(OptionCheck check) {
        check.eachAtLeastOne("--hidden", hidden)
                .atLeastOne("--epochs", epochs)
                .atLeastOne("--batch-size", batchSize)
                .positive("--lr", learningRate)
                .within("--keep-prob", keepProb, Range.openClosed(0.0, 1.0))
                .nonNegative("--l2", l2)
                .atLeastOne("--patience", patience)
                .within("--base-error", baseError, Range.closed(0.0, 1.0))
                .atLeastOne("--check-examples", checkExamples)
                .atLeastOne("--check-directions", checkDirections);
    }

    @Override
    protected int run(Path out) {
        DemoExample.Settings settings = new DemoExample.Settings(data.load(), data.name(), hidden, keepProb, l2,
                learningRate, epochs, batchSize, patience, baseError, checkExamples, checkDirections, seed(),
                !noProgress, out);
        try {
            DemoExample.run(settings, System.out);
            return 0;
        } catch (DemoExample.GradientCheckNotPassed e) {
            System.err.println("ndgrad demo: " + e.getMessage());
            return 1;
        }
    }
}
