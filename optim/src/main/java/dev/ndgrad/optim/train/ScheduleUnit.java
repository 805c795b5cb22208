package dev.ndgrad.optim.train;

/** When {@link Trainer} asks the learning-rate schedule for a new rate, and what it passes as the counter. */
public enum ScheduleUnit {
    /** Once before each epoch, with the epoch number from 1: the lecture notes' {@code epoch_num}. */
    EPOCH,
    /** Before every optimizer step, with the step number {@code t} from 1, counted over the whole run. */
    STEP
}
