package dev.ndgrad.examples.graph;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Renders DOT files with Graphviz's {@code dot}, when it is installed. */
public final class Graphviz {

    private Graphviz() {}

    /** The {@code dot} executable on the {@code PATH}, if any. */
    public static Optional<Path> findDot() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "dot");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code dot -Tpng dotFile -o png}. Returns the PNG, or empty when {@code dot} is not
     * installed; throws when it is installed but fails (with its own message).
     */
    public static Optional<Path> renderPng(Path dotFile, Path png) throws IOException, InterruptedException {
        Optional<Path> dot = findDot();
        if (dot.isEmpty()) {
            return Optional.empty();
        }
        Process process = new ProcessBuilder(dot.get().toString(), "-Tpng", dotFile.toString(), "-o", png.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("dot did not finish within 60 s rendering " + dotFile);
        }
        if (process.exitValue() != 0) {
            throw new IOException("dot failed (exit " + process.exitValue() + ") rendering " + dotFile + ": " + output);
        }
        return Optional.of(png);
    }
}
