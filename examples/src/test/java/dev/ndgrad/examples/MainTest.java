package dev.ndgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsEveryCommand() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            assertTrue(r[1].contains(command), () -> "--help should list " + command + ":\n" + r[1]);
        }
    }

    @Test
    void everyExampleCommandDocumentsSeedAndOutputFolder() {
        for (var entry : Main.commandLine().getSubcommands().entrySet()) {
            if (entry.getKey().equals("help")) {
                continue;
            }
            String[] r = run(entry.getKey(), "--help");
            assertEquals("0", r[0], entry.getKey());
            assertTrue(r[1].contains("--seed") && r[1].contains("--out"), () -> entry.getKey() + " --help:\n" + r[1]);
        }
    }

    @Test
    void anUnknownOptionIsAnErrorThatNamesIt() {
        String[] r = run("graph", "--no-such-option");
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("--no-such-option"), r[2]);
    }
}
