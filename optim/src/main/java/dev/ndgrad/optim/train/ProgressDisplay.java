package dev.ndgrad.optim.train;

/** How a {@link Trainer} shows its progress, on its progress output (stderr by default). */
public enum ProgressDisplay {
    /**
     * A bar where the progress output is a terminal; one plain line per epoch where it is not (a log file, a pipe
     * such as {@code | tee}, a CI service: the environment variable {@code CI=true}), where a bar's carriage-return
     * redraws would pile up as garbage.
     */
    AUTO,
    /**
     * The terminal progress bar (me.tongfei:progressbar), wherever the output goes; when an epoch ends its bar is
     * replaced by the epoch's line (as {@link #LINES} prints it).
     */
    BAR,
    /**
     * One plain line per epoch: {@code epoch  7/40  loss 0.1234  accuracy 0.9710  | dev loss 0.1502  accuracy 0.9640
     * lr 0.00200  0.4 s  3,150 ex/s}.
     */
    LINES,
    /** Nothing. */
    OFF
}
