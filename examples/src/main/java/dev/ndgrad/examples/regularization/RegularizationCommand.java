package dev.ndgrad.examples.regularization;

import dev.ndgrad.examples.ExampleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ndgrad regularization}: see {@link RegularizationExample}. */
@Command(name = "regularization", mixinStandardHelpOptions = true,
        description = {"No regularization, L2, dropout and early stopping compared on a big network that overfits "
                + "200 noisy two-moons points: train vs dev loss per epoch, final train/dev accuracy, the "
                + "bias/variance diagnosis, and each decision boundary.",
                "Writes regularization.png (eight panels)."})
public final class RegularizationCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExampleOptions options;

    @Option(names = "--epochs", defaultValue = "150",
            description = "Epochs per variant (early stopping may stop sooner). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Override
    public Integer call() {
        ExampleOptions.requireAtLeastOne(spec, "--epochs", epochs);
        RegularizationExample.Result r = RegularizationExample.run(options.seed(), epochs,
                options.outputDir("regularization"), System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
