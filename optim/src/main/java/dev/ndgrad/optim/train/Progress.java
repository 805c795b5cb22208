package dev.ndgrad.optim.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The terminal progress bar of one epoch (me.tongfei:progressbar on stderr), or nothing when it is off: what
 * {@link Trainer} shows, for any training loop that wants the same bar.
 */
public interface Progress extends AutoCloseable {

    /** Advances by a batch of {@code examples} and shows the running loss. */
    void step(int examples, double runningLoss);

    /** Shows the epoch's summary (dev loss and metric) before the bar is closed. */
    void summary(String message);

    @Override
    void close();

    Progress NONE = new Progress() {
        @Override
        public void step(int examples, double runningLoss) {
        }

        @Override
        public void summary(String message) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Whether a bar should be shown when the caller did not say: only with a console attached and not on CI (the
     * environment variable {@code CI=true}, which CI services set), since a bar in a log file is noise.
     */
    static boolean autoEnabled() {
        return System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** A bar for an epoch of {@code examples} examples, printed to {@code out}. */
    static Progress bar(String task, long examples, PrintStream out) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(examples)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out))
                .setUnit(" ex", 1).showSpeed().setUpdateIntervalMillis(200).build();
        return new Progress() {
            @Override
            public void step(int n, double runningLoss) {
                bar.stepBy(n);
                bar.setExtraMessage(String.format("loss %.4f", runningLoss));
            }

            @Override
            public void summary(String message) {
                bar.setExtraMessage(message);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
