package dev.ndgrad.examples.planar;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad planar}: see {@link PlanarExample}. */
@Command(name = "planar", mixinStandardHelpOptions = true,
        description = {"The planar two-layer network (tanh hidden layer, sigmoid output) on the generated flower "
                + "data, against logistic regression, for several hidden-layer sizes.",
                "Writes planar-decision-boundaries.png."})
public final class PlanarCommand extends ExampleCommand {

    @Option(names = "--epochs", defaultValue = "4000",
            description = "Iterations of batch gradient descent (learning rate 1.2). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--hidden", split = ",", defaultValue = "1,2,3,4,5,20,50", paramLabel = "H",
            description = "Hidden-layer sizes to compare, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Integer> hidden;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeastOne("--epochs", epochs).eachAtLeastOne("--hidden", hidden);
    }

    @Override
    protected int run(Path out) {
        PlanarExample.Result r = PlanarExample.run(hidden, epochs, seed(), out, System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        return 0;
    }
}
