package dev.ndgrad.optim;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A learning rate as a function of time: α(epoch) for most schedules, α(t) of the optimizer step
 * (mini-batch) count for the per-step ones ({@link #perStep()}). See {@link Schedules}.
 *
 * <p>Time is passed as the seeds count it, the first epoch (or step) being 1; every schedule also
 * accepts 0 where its formula is defined there.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** α at {@code epoch} (or at step {@code epoch} for a per-step schedule). */
    double rate(int epoch);

    /** Whether the argument counts optimizer steps (mini-batches) rather than epochs. */
    default boolean perStep() {
        return false;
    }

    /** Sets the optimizer's learning rate (every group's) to {@code rate(epoch)}; returns the rate. */
    default double applyTo(Optimizer optimizer, int epoch) {
        double rate = rate(epoch);
        checkNotNull(optimizer, "LearningRateSchedule: optimizer").setLearningRate(rate);
        return rate;
    }
}
