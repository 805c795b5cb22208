package dev.ndgrad.examples.logistic;

import dev.ndgrad.examples.ExampleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ndgrad logistic}: see {@link LogisticExample}. */
@Command(name = "logistic", mixinStandardHelpOptions = true,
        description = {"Logistic regression as one neuron on the breast-cancer data: the seeds' hand-derived "
                + "forward/backward, then the same model as Linear + Sigmoid trained by autograd and SGD; both "
                + "follow the same path.", "Writes logistic-cost.png."})
public final class LogisticCommand implements Callable<Integer> {

    @Mixin
    ExampleOptions options;

    @Option(names = "--epochs", defaultValue = "300",
            description = "Iterations of batch gradient descent (one epoch each). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate α. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Override
    public Integer call() {
        LogisticExample.Result r = LogisticExample.run(epochs, learningRate, options.seed(),
                options.outputDir("logistic"), System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
