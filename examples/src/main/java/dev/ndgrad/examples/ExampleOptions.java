package dev.ndgrad.examples;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

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

    /**
     * Creates the output folder ({@code --out}, or {@code ndgrad-out/<command>}) and its parents: the last check
     * before a command starts its work, since whether a folder can be made is only known by making it. A failure is
     * a usage error naming {@code --out}.
     */
    Path createOutputDir(String command, OptionCheck check) {
        Path dir = out != null ? out : Path.of("ndgrad-out", command);
        String option = "--out " + dir + (out == null ? " (the default)" : "");
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            check.require(false, option + ": " + e.getFile() + " is a file, not a folder");
        } catch (FileSystemException e) {
            check.require(false, option + ": cannot create the folder (" + (e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName()) + ")");
        } catch (IOException e) {
            check.require(false, option + ": cannot create the folder (" + e.getMessage() + ")");
        }
        check.require(Files.isWritable(dir), option + ": the folder is not writable");
        return dir;
    }
}
