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
    STOPPED_BY_CALLBACK,
    /**
     * With {@link Trainer.Builder#detectAnomaly(boolean)}: an op created a NaN or an infinity in a training step's
     * forward pass or gradients; the step was not taken (the weights are those before it), and
     * {@link History#anomaly()} names the op, the input whose gradient went bad and where it was applied.
     */
    ANOMALY
}
