package dev.ndgrad.examples.logistic;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad logistic}: see {@link LogisticExample}. */
@Command(name = "logistic", mixinStandardHelpOptions = true,
        description = {"Logistic regression as one neuron on the breast-cancer data: the seeds' hand-derived "
                + "forward/backward, then the same model as Linear + Sigmoid trained by autograd and SGD; both "
                + "follow the same path.", "Writes logistic-cost.png."})
public final class LogisticCommand extends ExampleCommand {

    @Option(names = "--epochs", defaultValue = "300",
            description = "Iterations of batch gradient descent (one epoch each). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate α. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeastOne("--epochs", epochs).positive("--lr", learningRate);
    }

    @Override
    protected int run(Path out) {
        LogisticExample.Result r = LogisticExample.run(epochs, learningRate, seed(), out, System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
