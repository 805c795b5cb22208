package dev.ndgrad.examples.optimizers;

import dev.ndgrad.examples.ExampleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ndgrad optimizers}: see {@link OptimizersExample}. */
@Command(name = "optimizers", mixinStandardHelpOptions = true,
        description = {"Gradient descent, momentum, RMSprop and Adam compared: the steps each needs to reach "
                + "f ≤ 1e-3 on the elongated bowl ½(x² + 100·y²) and its path over the contour bands, and the "
                + "training loss and dev accuracy of a 64-64-64-10 ReLU network on the hand-written digits.",
                "Writes optimizers.png (four panels)."})
public final class OptimizersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExampleOptions options;

    @Option(names = "--epochs", defaultValue = "20",
            description = "Epochs of training on the digits, per optimizer. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Override
    public Integer call() {
        ExampleOptions.requireAtLeastOne(spec, "--epochs", epochs);
        OptimizersExample.Result r = OptimizersExample.run(options.seed(), epochs, options.outputDir("optimizers"),
                System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
