package dev.ndgrad.examples.newton;

import dev.ndgrad.examples.ExampleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ndgrad newton}: see {@link NewtonExample}. */
@Command(name = "newton", mixinStandardHelpOptions = true,
        description = {"Beyond first order: Hessian-vector products (checked against the full Hessian and finite "
                + "differences), Newton's method vs gradient descent on the Rosenbrock valley, and Newton-CG "
                + "(Hessian-vector products only) vs gradient descent on logistic regression.",
                "Writes rosenbrock-newton-vs-gd.png and logistic-newton-cg-vs-gd.png."})
public final class NewtonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExampleOptions options;

    @Option(names = "--gd-steps", defaultValue = "2000",
            description = "Gradient-descent steps on Rosenbrock. Default: ${DEFAULT-VALUE}.")
    int gdSteps;

    @Override
    public Integer call() {
        ExampleOptions.requireAtLeastOne(spec, "--gd-steps", gdSteps);
        NewtonExample.Result r = NewtonExample.run(options.seed(), gdSteps, options.outputDir("newton"), System.out);
        System.out.println("Wrote " + r.rosenbrockPlot().toAbsolutePath());
        System.out.println("Wrote " + r.logisticPlot().toAbsolutePath());
        return 0;
    }
}
