package dev.ndgrad.examples.initialization;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad init}: see {@link InitializationExample}. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Weight initialization compared on a deep network (5 hidden layers of 16 units) on the planar "
                + "flower: zeros (hidden units stay identical), N(0,1)·10 (too large), Xavier and He — loss curves, "
                + "activation scale per layer at initialization, decision boundaries.",
                "Writes initialization.png (six panels)."})
public final class InitializationCommand extends ExampleCommand {

    @Option(names = "--epochs", defaultValue = "500",
            description = "Full-batch training steps per initialization. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--activation", defaultValue = "RELU",
            description = "Hidden activation: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Activation activation;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeastOne("--epochs", epochs);
    }

    @Override
    protected int run(Path out) {
        InitializationExample.Result r = InitializationExample.run(seed(), epochs, activation, out, System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
