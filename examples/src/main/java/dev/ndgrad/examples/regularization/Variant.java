package dev.ndgrad.examples.regularization;

/** The four ways of training the same big network compared by {@link RegularizationExample}. */
public enum Variant {
    /** Plain training to the last epoch. */
    NONE,
    /** The L2 penalty {@code (λ/2m)·Σ‖W‖²_F} added to the cost ("weight decay"). */
    L2,
    /** Inverted dropout after every hidden layer. */
    DROPOUT,
    /** Stop when the dev loss has not improved for a while, and keep the best epoch's weights. */
    EARLY_STOPPING
}
