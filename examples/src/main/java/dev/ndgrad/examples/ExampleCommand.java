package dev.ndgrad.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * An example's command: it takes the shared {@code --seed} and {@code --out}, checks every option it has before
 * doing any work ({@link #validate}: a bad value is a one-line usage error and exit code 2, not a stack trace
 * after the data are loaded), then creates the output folder and {@linkplain #run runs}.
 */
public abstract class ExampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExampleOptions options;

    /** Checks the command's own options with {@code check} (the shared ones are checked after). */
    protected abstract void validate(OptionCheck check);

    /** Runs the example, writing its files to {@code out}; returns the exit code. */
    protected abstract int run(Path out);

    /** {@code --seed}. */
    protected final long seed() {
        return options.seed();
    }

    @Override
    public final Integer call() {
        OptionCheck check = new OptionCheck(spec);
        validate(check);
        return run(options.createOutputDir(spec.name(), check));
    }
}
