package dev.ndgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples ship an SLF4J binding (slf4j-simple), quiet by default: a run prints neither SLF4J's "no binding"
 * warning nor ND4J's INFO start-up messages, and a system property brings the messages back.
 */
class LoggingTest {

    @TempDir
    Path out;

    /** Runs {@code ndgrad graph} in a fresh JVM on this module's classpath; returns its exit code and output. */
    private String[] runGraph(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "graph", "--out",
                out.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), output);
        return new String[] {String.valueOf(p.exitValue()), output};
    }

    @Test
    void aRunPrintsNoLoggingNoiseByDefault() throws Exception {
        String[] r = runGraph();
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("graph.dot"), r[1]);
        assertFalse(r[1].contains("SLF4J"), "a binding is on the classpath: " + r[1]);
        assertFalse(r[1].contains("INFO"), "ND4J's start-up messages are INFO, below the shipped level: " + r[1]);
    }

    @Test
    void aSystemPropertyShowsNd4jsMessages() throws Exception {
        String[] r = runGraph("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("INFO org.nd4j"), "the binding logs, it does not discard: " + r[1]);
    }
}
