package dev.ndgrad.examples.initialization;

import dev.ndgrad.examples.ExampleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ndgrad init}: see {@link InitializationExample}. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Weight initialization compared on a deep network (5 hidden layers of 16 units) on the planar "
                + "flower: zeros (hidden units stay identical), N(0,1)·10 (too large), Xavier and He — loss curves, "
                + "activation scale per layer at initialization, decision boundaries.",
                "Writes initialization.png (six panels)."})
public final class InitializationCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExampleOptions options;

    @Option(names = "--epochs", defaultValue = "500",
            description = "Full-batch training steps per initialization. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--activation", defaultValue = "RELU",
            description = "Hidden activation: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Activation activation;

    @Override
    public Integer call() {
        ExampleOptions.requireAtLeastOne(spec, "--epochs", epochs);
        InitializationExample.Result r = InitializationExample.run(options.seed(), epochs, activation,
                options.outputDir("init"), System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
