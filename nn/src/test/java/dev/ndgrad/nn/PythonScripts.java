package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python scripts kept in {@code src/test/resources} with Debian's {@code /usr/bin/python3}, for
 * the interoperability tests; a test that needs a missing module is skipped with a message saying what to
 * install.
 */
final class PythonScripts {

    static final String PYTHON = "/usr/bin/python3";

    private PythonScripts() {}

    /** Skips the calling test unless {@code python3 -c 'import <module>'} works. */
    static void assumeModule(String module, String install) {
        boolean available;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            available = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        assumeTrue(available, "skipped: " + PYTHON + " cannot import " + module + " (install it with: " + install
                + ")");
    }

    /** Copies the resource script into {@code dir}, runs it with {@code args}, fails with its output if it fails. */
    static String run(String script, Path dir, String... args) throws IOException, InterruptedException {
        Path file = dir.resolve(script);
        try (InputStream in = PythonScripts.class.getResourceAsStream("/" + script)) {
            Files.copy(in, file);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, file.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), () -> script + " failed:\n" + output);
        return output;
    }
}
