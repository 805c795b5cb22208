package dev.ndgrad.optim.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of one epoch as {@link ProgressDisplay} asks: a terminal bar (me.tongfei:progressbar) that gives way
 * to the epoch's line when the epoch ends, the line alone, or nothing. What {@link Trainer} shows, for any training
 * loop that wants the same ({@link TrainingOptions.Settings#progress}).
 */
public interface Progress extends AutoCloseable {

    /** Advances by a batch of {@code examples} and shows the running loss. */
    void step(int examples, double runningLoss);

    /** Ends the epoch with its line ({@link EpochLine}). */
    void finish(String epochLine);

    /** Releases the bar, also when the epoch ended by an exception. */
    @Override
    void close();

    static Progress of(ProgressDisplay display, String task, long examples, PrintStream out) {
        return switch (display) {
            case BAR -> bar(task, examples, out);
            case LINES -> line(out);
            case OFF -> none();
            case AUTO -> throw new IllegalArgumentException("Progress: resolve AUTO first");
        };
    }

    private static Progress none() {
        return new Progress() {
            @Override
            public void step(int examples, double runningLoss) {
            }

            @Override
            public void finish(String epochLine) {
            }

            @Override
            public void close() {
            }
        };
    }

    private static Progress line(PrintStream out) {
        return new Progress() {
            @Override
            public void step(int examples, double runningLoss) {
            }

            @Override
            public void finish(String epochLine) {
                out.println(epochLine);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A bar for an epoch of {@code examples} examples, redrawn in place on {@code out} (a terminal). The speed is
     * computed here: the library's counts whole seconds and shows "?" for an epoch shorter than one.
     */
    private static Progress bar(String task, long examples, PrintStream out) {
        OneLine line = new OneLine(out);
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(examples)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(line).setUnit(" ex", 1).hideEta()
                .setUpdateIntervalMillis(200).build();
        long start = System.nanoTime();
        return new Progress() {
            private long done;

            @Override
            public void step(int n, double runningLoss) {
                done += n;
                bar.stepBy(n);
                double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
                bar.setExtraMessage(String.format("loss %.4f  %,.0f ex/s", runningLoss, done / seconds));
            }

            @Override
            public void finish(String epochLine) {
                line.finish(epochLine);
            }

            @Override
            public void close() {
                line.finish(null);
                bar.close();
            }
        };
    }

    /**
     * Draws the library's renderings on one terminal line (fitted to the terminal's width, which the library reads),
     * and ends that line with the epoch's line. The library draws from its own thread, and its close sequence
     * (a last drawing, a clear, a newline) races with ours; so this consumer owns every character written, and
     * after {@link #finish} it draws nothing more.
     */
    final class OneLine extends ConsoleProgressBarConsumer {
        private final PrintStream out;
        private int drawn;
        private boolean finished;

        OneLine(PrintStream out) {
            super(out);
            this.out = out;
        }

        @Override
        public synchronized void accept(String rendered) {
            if (finished) {
                return;
            }
            String text = rendered.length() > getMaxRenderedLength() ? rendered.substring(0, getMaxRenderedLength())
                    : rendered;
            out.print('\r' + padded(text));
            out.flush();
            drawn = text.length();
        }

        /** Replaces the bar by {@code epochLine} and a newline (or, for null, by the bar's last state). */
        synchronized void finish(String epochLine) {
            if (finished) {
                return;
            }
            finished = true;
            if (epochLine != null) {
                out.print('\r' + padded(epochLine));
            }
            if (drawn > 0 || epochLine != null) {
                out.println();
            }
            out.flush();
        }

        /** {@code text} followed by blanks over what is left of a longer drawing. */
        private String padded(String text) {
            return text + " ".repeat(Math.max(0, drawn - text.length()));
        }

        @Override
        public void clear() {
            // finish() replaces the bar
        }

        @Override
        public void close() {
            // finish() ends the line
        }
    }
}
