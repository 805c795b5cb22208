package dev.ndgrad.examples;

import dev.ndgrad.optim.train.ProgressDisplay;
import picocli.CommandLine.Option;

/**
 * {@code --progress} / {@code --no-progress} for the examples that train with a {@code Trainer}: a bar in a
 * terminal and one plain line per epoch elsewhere unless the user says otherwise.
 */
public final class ProgressOption {

    @Option(names = "--progress", negatable = true,
            description = "Show the progress bar even where the output is not a terminal (--no-progress: no progress "
                    + "at all). Default: a bar in a terminal, one line per epoch elsewhere (a log, a pipe, CI).")
    Boolean progress;

    /** What the option asks for: {@link ProgressDisplay#AUTO} when it is not given. */
    public ProgressDisplay display() {
        return progress == null ? ProgressDisplay.AUTO : progress ? ProgressDisplay.BAR : ProgressDisplay.OFF;
    }
}
