package dev.ndgrad.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every example shares: the random seed and the folder its pictures and files go to. */
public final class ExampleOptions {

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (data splits, initialisation, "
            + "mini-batch order). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder for PNGs and files. "
            + "Default: ndgrad-out/<example>.")
    Path out;

    public long seed() {
        return seed;
    }

    /** The output folder ({@code --out}, or {@code ndgrad-out/<example>}), created if needed. */
    public Path outputDir(String example) {
        return createOutputDir(out != null ? out : Path.of("ndgrad-out", example));
    }

    /** Creates {@code dir} and its parents, with an error naming the folder when that fails. */
    public static Path createOutputDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + dir.toAbsolutePath() + ": " + e, e);
        }
    }

    /** A usage error (exit code 2, with the command's help) unless {@code value ≥ 1}. */
    public static void requireAtLeastOne(CommandSpec spec, String option, long value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
    }
}
