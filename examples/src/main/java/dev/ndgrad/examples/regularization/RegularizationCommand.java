package dev.ndgrad.examples.regularization;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad regularization}: see {@link RegularizationExample}. */
@Command(name = "regularization", mixinStandardHelpOptions = true,
        description = {"No regularization, L2, dropout and early stopping compared on a big network that overfits "
                + "200 noisy two-moons points: train vs dev loss per epoch, final train/dev accuracy, the "
                + "bias/variance diagnosis, and each decision boundary.",
                "Writes regularization.png (eight panels)."})
public final class RegularizationCommand extends ExampleCommand {

    @Option(names = "--epochs", defaultValue = "150",
            description = "Epochs per variant (early stopping may stop sooner). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeastOne("--epochs", epochs);
    }

    @Override
    protected int run(Path out) {
        RegularizationExample.Result r = RegularizationExample.run(seed(), epochs, out, System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
