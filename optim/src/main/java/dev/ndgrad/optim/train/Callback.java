package dev.ndgrad.optim.train;

/**
 * A hook into {@link Trainer#fit}, e.g. to plot learning curves while training or to log. All methods have
 * empty defaults; implement the ones you need.
 */
public interface Callback {

    /**
     * Called after every epoch, with the epoch's record and the history so far.
     *
     * @return true to stop training now ({@link StopReason#STOPPED_BY_CALLBACK}); false to go on
     */
    default boolean onEpochEnd(EpochRecord record, History history) {
        return false;
    }

    /** Called after every optimizer step with the global step index (from 0) and the batch's data loss. */
    default void onStepEnd(long step, double loss) {
    }

    /** Called once when training ends, after early stopping restored the best weights. */
    default void onTrainEnd(History history) {
    }
}
