package dev.ndgrad.examples;

import dev.ndgrad.examples.attention.AttentionCommand;
import dev.ndgrad.examples.customop.CustomOpCommand;
import dev.ndgrad.examples.demo.DemoCommand;
import dev.ndgrad.examples.fashion.FashionCommand;
import dev.ndgrad.examples.graph.GraphCommand;
import dev.ndgrad.examples.initialization.InitializationCommand;
import dev.ndgrad.examples.logistic.LogisticCommand;
import dev.ndgrad.examples.newton.NewtonCommand;
import dev.ndgrad.examples.optimizers.OptimizersCommand;
import dev.ndgrad.examples.planar.PlanarCommand;
import dev.ndgrad.examples.regularization.RegularizationCommand;
import dev.ndgrad.examples.sequence.SequenceCommand;
import dev.ndgrad.examples.spark.SparkDigitsCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ndgrad} command line: {@code ndgrad demo} (the main job) and one subcommand per
 * example. {@code ndgrad --help} lists them; {@code ndgrad <command> --help} lists a command's options.
 */
@Command(name = "ndgrad", mixinStandardHelpOptions = true, version = "ndgrad 0.1.0-SNAPSHOT",
        description = "Automatic differentiation for Java on ND4J: the main job and the examples.",
        subcommands = {
            DemoCommand.class,
            LogisticCommand.class,
            PlanarCommand.class,
            FashionCommand.class,
            OptimizersCommand.class,
            InitializationCommand.class,
            RegularizationCommand.class,
            CustomOpCommand.class,
            NewtonCommand.class,
            SequenceCommand.class,
            AttentionCommand.class,
            GraphCommand.class,
            SparkDigitsCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        // Charts are drawn off-screen: set before any AWT class loads.
        System.setProperty("java.awt.headless", "true");
        return commandLine().execute(args);
    }

    /**
     * The command line with every subcommand, ready to execute (tests redirect its output). A usage error (an
     * unknown option, a value that does not parse or that a command's checks reject) is one line on stderr naming
     * the option, and exit code 2.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::usageError);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ") + " (see '" + name
                + " --help')");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }
}
