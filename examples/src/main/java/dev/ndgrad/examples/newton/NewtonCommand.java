package dev.ndgrad.examples.newton;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad newton}: see {@link NewtonExample}. */
@Command(name = "newton", mixinStandardHelpOptions = true,
        description = {"Beyond first order: Hessian-vector products (checked against the full Hessian and finite "
                + "differences), Newton's method vs gradient descent on the Rosenbrock valley, and Newton-CG "
                + "(Hessian-vector products only) vs gradient descent on logistic regression.",
                "Writes rosenbrock-newton-vs-gd.png and logistic-newton-cg-vs-gd.png."})
public final class NewtonCommand extends ExampleCommand {

    @Option(names = "--gd-steps", defaultValue = "2000",
            description = "Gradient-descent steps on Rosenbrock. Default: ${DEFAULT-VALUE}.")
    int gdSteps;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeastOne("--gd-steps", gdSteps);
    }

    @Override
    protected int run(Path out) {
        NewtonExample.Result r = NewtonExample.run(seed(), gdSteps, out, System.out);
        System.out.println("Wrote " + r.rosenbrockPlot().toAbsolutePath());
        System.out.println("Wrote " + r.logisticPlot().toAbsolutePath());
        return 0;
    }
}
