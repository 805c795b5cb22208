package dev.ndgrad.optim.train;

/** Why {@link Trainer#fit} ended. */
public enum StopReason {
    /** All the configured epochs ran. */
    COMPLETED,
    /** The dev loss stopped improving for {@code patience} epochs ({@link EarlyStopping}). */
    EARLY_STOPPED,
    /** The training loss became NaN or infinite (often a learning rate that is too large); training stopped. */
    DIVERGED,
    /** A {@link Callback} asked to stop. */
    STOPPED_BY_CALLBACK
}
