package dev.ndgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every example command checks its options before any work: a bad value is one line on stderr that names the
 * option (and the value given), exit code 2, nothing printed on stdout (no data loaded, no gradient check, no
 * training) and no output folder created.
 */
class BadOptionsTest {

    @TempDir
    Path temp;

    /** What a run of the command line printed and returned. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        StringWriter cliOut = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(cliOut, true));
            cli.setErr(new PrintWriter(err, true));
            code = cli.execute(args);
        } finally {
            System.setOut(saved);
        }
        return new Run(code, cliOut + stdout.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** A bad value of {@code option} in {@code args}: the message names it and repeats {@code shown}. */
    record Case(String option, String shown, String... args) {}

    private static final List<Case> CASES = List.of(
            // the demo: each of these once failed with a stack trace after loading data and checking gradients
            new Case("--lr", "got -0.5", "demo", "--lr", "-0.5"),
            new Case("--lr", "got NaN", "demo", "--lr", "NaN"),
            new Case("--lr", "'fast'", "demo", "--lr", "fast"),
            new Case("--keep-prob", "got 1.5", "demo", "--keep-prob", "1.5"),
            new Case("--keep-prob", "got 0", "demo", "--keep-prob", "0"),
            new Case("--hidden", "got 0", "demo", "--hidden", "0"),
            new Case("--hidden", "got -3", "demo", "--hidden", "64,-3"),
            new Case("--l2", "got -1", "demo", "--l2", "-1"),
            new Case("--base-error", "got 2", "demo", "--base-error", "2"),
            new Case("--epochs", "got 0", "demo", "--epochs", "0"),
            new Case("--batch-size", "got 0", "demo", "--batch-size", "0"),
            new Case("--patience", "got 0", "demo", "--patience", "0"),
            new Case("--check-examples", "got 0", "demo", "--check-examples", "0"),
            new Case("--check-directions", "got -1", "demo", "--check-directions", "-1"),
            new Case("--data", "'mnist'", "demo", "--data", "mnist"),
            new Case("--seed", "'x'", "demo", "--seed", "x"),
            new Case("--no-such-option", "'--no-such-option'", "demo", "--no-such-option"),
            new Case("--epochs", "got 0", "logistic", "--epochs", "0"),
            new Case("--lr", "got Infinity", "logistic", "--lr", "Infinity"),
            new Case("--lr", "got 0", "logistic", "--lr", "0"),
            new Case("--epochs", "got -2", "planar", "--epochs", "-2"),
            new Case("--hidden", "got 0", "planar", "--hidden", "3,0"),
            new Case("--train-examples", "got -1", "fashion", "--train-examples", "-1"),
            new Case("--dev-examples", "got 0", "fashion", "--dev-examples", "0"),
            new Case("--dev-examples", "got 60000", "fashion", "--dev-examples", "60000"),
            new Case("--hidden", "got 0", "fashion", "--hidden", "0"),
            new Case("--dropout", "got 1", "fashion", "--dropout", "1"),
            new Case("--l2", "got -0.5", "fashion", "--l2", "-0.5"),
            new Case("--epochs", "got 0", "fashion", "--epochs", "0"),
            new Case("--batch-size", "got 0", "fashion", "--batch-size", "0"),
            new Case("--lr", "got -0.001", "fashion", "--lr", "-0.001"),
            new Case("--decay", "got NaN", "fashion", "--decay", "NaN"),
            new Case("--patience", "got 0", "fashion", "--patience", "0"),
            new Case("--epochs", "got 0", "optimizers", "--epochs", "0"),
            new Case("--epochs", "got 0", "init", "--epochs", "0"),
            new Case("--activation", "'swish'", "init", "--activation", "swish"),
            new Case("--epochs", "got 0", "regularization", "--epochs", "0"),
            new Case("--gd-steps", "got 0", "newton", "--gd-steps", "0"),
            new Case("--cell", "'rnn'", "sequence", "--cell", "rnn"),
            new Case("--hidden", "got 0", "sequence", "--hidden", "0"),
            new Case("--layers", "got 0", "sequence", "--layers", "0"),
            new Case("--embedding", "got -1", "sequence", "--embedding", "-1"),
            new Case("--seq-length", "got 0", "sequence", "--seq-length", "0"),
            new Case("--seq-length", "got 5000", "sequence", "--seq-length", "5000"),
            new Case("--batch-size", "got 0", "sequence", "--batch-size", "0"),
            new Case("--steps", "got 0", "sequence", "--steps", "0"),
            new Case("--lr", "got NaN", "sequence", "--lr", "NaN"),
            new Case("--clip", "got 0", "sequence", "--clip", "0"),
            new Case("--eval-every", "got 0", "sequence", "--eval-every", "0"),
            new Case("--sample-length", "got 0", "sequence", "--sample-length", "0"),
            new Case("--temperature", "got -1", "sequence", "--temperature", "-1"),
            new Case("--prompt", "not in the book: @", "sequence", "--prompt", "Mr. @"),
            new Case("--prompt", "got ''", "sequence", "--prompt", ""),
            new Case("--task", "'shuffle'", "attention", "--task", "shuffle"),
            new Case("--length", "got 1", "attention", "--length", "1"),
            new Case("--length", "got 40", "attention", "--length", "40"),
            new Case("--d-model", "got 0", "attention", "--d-model", "0"),
            new Case("--heads", "got 3", "attention", "--heads", "3"),
            new Case("--feed-forward", "got 0", "attention", "--feed-forward", "0"),
            new Case("--layers", "got 0", "attention", "--layers", "0"),
            new Case("--batch-size", "got 0", "attention", "--batch-size", "0"),
            new Case("--steps", "got -5", "attention", "--steps", "-5"),
            new Case("--lr", "got 0", "attention", "--lr", "0"),
            new Case("--eval-every", "got 0", "attention", "--eval-every", "0"),
            new Case("--held-out", "got 0", "attention", "--held-out", "0"),
            new Case("--held-out", "got 60", "attention", "--length", "2", "--held-out", "60"),
            new Case("--seed", "'1.5'", "custom-op", "--seed", "1.5"),
            new Case("--seed", "''", "graph", "--seed", ""));

    @TestFactory
    Stream<DynamicTest> aBadValueIsOneLineNamingTheOptionAndExitCodeTwoBeforeAnyWork() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(String.join(" ", c.args()), () -> {
            Path out = temp.resolve("never-" + String.join("_", c.args()).replaceAll("[^A-Za-z0-9_.-]", "_"));
            List<String> args = new ArrayList<>(List.of(c.args()));
            args.addAll(List.of("--out", out.toString()));
            Run r = run(args.toArray(String[]::new));
            assertUsageError(r, c.option(), c.shown());
            assertFalse(Files.exists(out), "the output folder is made only once the options are right");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyCommandRejectsAnOutputFolderItCannotCreate() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "not a folder");
        return Main.commandLine().getSubcommands().keySet().stream().filter(name -> !name.equals("help"))
                .flatMap(name -> Stream.of(
                        DynamicTest.dynamicTest(name + " --out FILE", () -> assertUsageError(
                                run(name, "--out", file.toString()), "--out", "is a file, not a folder")),
                        DynamicTest.dynamicTest(name + " --out FILE/sub", () -> assertUsageError(
                                run(name, "--out", file.resolve("sub").toString()), "--out",
                                "cannot create the folder"))));
    }

    private static void assertUsageError(Run r, String option, String shown) {
        String all = "exit " + r.code() + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err();
        assertEquals(2, r.code(), all);
        assertEquals("", r.out(), "nothing is done, so nothing is printed: " + all);
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + all);
        String line = lines.get(0);
        assertTrue(line.startsWith("ndgrad "), all);
        assertTrue(line.contains(option), "names " + option + ": " + all);
        assertTrue(line.contains(shown), "shows " + shown + ": " + all);
        assertTrue(line.endsWith(" --help')"), "says where the options are listed: " + all);
    }
}
