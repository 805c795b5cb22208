package dev.ndgrad.examples.optimizers;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad optimizers}: see {@link OptimizersExample}. */
@Command(name = "optimizers", mixinStandardHelpOptions = true,
        description = {"Gradient descent, momentum, RMSprop and Adam compared: the steps each needs to reach "
                + "f ≤ 1e-3 on the elongated bowl ½(x² + 100·y²) and its path over the contour bands, and the "
                + "training loss and dev accuracy of a 64-64-64-10 ReLU network on the hand-written digits.",
                "Writes optimizers.png (four panels)."})
public final class OptimizersCommand extends ExampleCommand {

    @Option(names = "--epochs", defaultValue = "20",
            description = "Epochs of training on the digits, per optimizer. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeastOne("--epochs", epochs);
    }

    @Override
    protected int run(Path out) {
        OptimizersExample.Result r = OptimizersExample.run(seed(), epochs, out, System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
