package dev.ndgrad.examples.fashion;

import com.google.common.collect.Range;
import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import dev.ndgrad.examples.ProgressOption;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ndgrad fashion}: see {@link FashionExample}. */
@Command(name = "fashion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A deep L-layer ReLU network on Fashion-MNIST: mini-batches, He initialization, Adam, "
                + "dropout, L2, learning-rate decay, early stopping on a dev split; test accuracy (per class too) "
                + "and learning curves.",
                "Needs the data: sudo apt-get install dataset-fashion-mnist, or --data FOLDER with the four IDX files.",
                "Writes learning-curves.png and model.npz."})
public final class FashionCommand extends ExampleCommand {

    @Mixin
    FashionDataOptions data;

    @Option(names = "--hidden", split = ",", paramLabel = "N", defaultValue = "512,256,128",
            description = "Hidden-layer widths, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Integer> hidden;

    @Option(names = "--dropout", defaultValue = "0.3",
            description = "Dropout probability after every hidden layer. Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Option(names = "--l2", defaultValue = "3.0",
            description = "L2 strength λ of the penalty λ/(2m)·Σ‖W‖². Default: ${DEFAULT-VALUE}.")
    double l2;

    @Option(names = "--epochs", defaultValue = "30",
            description = "Most epochs (early stopping may end sooner). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001",
            description = "Adam's initial learning rate α₀. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--decay", defaultValue = "0.1",
            description = "Learning-rate decay: α = α₀/(1 + decay·epoch). Default: ${DEFAULT-VALUE}.")
    double decay;

    @Option(names = "--patience", defaultValue = "5",
            description = "Early stopping: epochs without a better dev loss. Default: ${DEFAULT-VALUE}.")
    int patience;

    @Mixin
    ProgressOption progress;

    /** Exit code when the data are missing (the message says how to get them): a usage error. */
    static final int DATA_MISSING = ExitCode.USAGE;

    @Override
    protected void validate(OptionCheck check) {
        check.eachAtLeastOne("--hidden", hidden)
                .within("--dropout", dropout, Range.closedOpen(0.0, 1.0))
                .nonNegative("--l2", l2)
                .atLeastOne("--epochs", epochs)
                .atLeastOne("--batch-size", batchSize)
                .positive("--lr", learningRate)
                .nonNegative("--decay", decay)
                .atLeastOne("--patience", patience);
        data.check(check);   // last: whether the files are there is checked once the numbers are right
    }

    @Override
    protected int run(Path out) {
        FashionExample.Config config = new FashionExample.Config(data.dir(), data.trainExamples(), data.devExamples(),
                hidden, dropout, l2, epochs, batchSize, learningRate, decay, patience, seed(), progress.display(), out);
        FashionExample.Result r = FashionExample.run(config, System.out);
        System.out.println("Wrote " + r.learningCurves().toAbsolutePath() + " and " + r.checkpoint().getFileName());
        return 0;
    }
}
