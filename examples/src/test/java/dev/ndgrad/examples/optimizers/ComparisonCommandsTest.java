package dev.ndgrad.examples.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command lines of the three comparisons: optimizers, init, regularization. */
class ComparisonCommandsTest {

    private static final String[] COMMANDS = {"optimizers", "init", "regularization"};

    @Test
    void eachComparisonIsACommandWithEpochsSeedAndOutputFolder() {
        for (String command : COMMANDS) {
            StringWriter out = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            assertEquals(0, cli.execute(command, "--help"), command);
            assertTrue(out.toString().contains("--epochs") && out.toString().contains("--seed")
                    && out.toString().contains("--out") && out.toString().contains(".png"),
                    () -> command + " --help:\n" + out);
        }
    }

    @Test
    void aNonPositiveEpochCountIsAUsageErrorThatNamesTheOption() {
        for (String command : COMMANDS) {
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            assertEquals(2, cli.execute(command, "--epochs", "0"), command);
            assertTrue(err.toString().contains("--epochs must be at least 1, got 0"), () -> command + ":\n" + err);
        }
    }
}
