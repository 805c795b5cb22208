package dev.ndgrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.optim.LearningRateSchedule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The options of a mini-batch training loop, with {@link Trainer}'s defaults: 10 epochs, batch size 32, evaluation
 * batches of 1024, shuffled with seed 0, no penalty, no schedule, no early stopping, accuracy as the metric for
 * classification data, the progress bar shown when a console is attached and {@code CI} is not {@code true}.
 * {@link Trainer.Builder} extends it, and so can the builder of any other loop with the same options (a distributed
 * one); {@code B} is the builder's own type, so that chained calls keep it.
 *
 * @param <B> the builder that extends this class
 */
public abstract class TrainingOptions<B extends TrainingOptions<B>> {

    private final String owner;
    private Supplier<Tensor> penalty;
    private int epochs = 10;
    private int batchSize = 32;
    private int evalBatchSize = 1024;
    private long seed;
    private boolean shuffle = true;
    private boolean dropLast;
    private LearningRateSchedule schedule;
    private ScheduleUnit scheduleUnit = ScheduleUnit.EPOCH;
    private EarlyStopping earlyStopping;
    private Metric metric;
    private boolean metricChosen;
    private Boolean progressBar;
    private PrintStream progressOut = System.err;
    private final List<Callback> callbacks = new ArrayList<>();

    /** @param owner the loop's name in error messages, e.g. {@code "Trainer"} */
    protected TrainingOptions(String owner) {
        this.owner = checkNotNull(owner, "owner");
    }

    /** This builder, as its own type. */
    protected abstract B self();

    /** The maximum number of epochs (passes over the training set), at least 1. */
    public B epochs(int epochs) {
        checkArgument(epochs >= 1, "%s: epochs must be >= 1, got %s", owner, epochs);
        this.epochs = epochs;
        return self();
    }

    /** The mini-batch size: 1 is stochastic gradient descent, the training set's size batch gradient descent. */
    public B batchSize(int batchSize) {
        checkArgument(batchSize >= 1, "%s: batch size must be >= 1, got %s", owner, batchSize);
        this.batchSize = batchSize;
        return self();
    }

    /** The batch size of evaluations (it changes no result, only memory use); default 1024. */
    public B evalBatchSize(int evalBatchSize) {
        checkArgument(evalBatchSize >= 1, "%s: eval batch size must be >= 1, got %s", owner, evalBatchSize);
        this.evalBatchSize = evalBatchSize;
        return self();
    }

    /** The seed of the shuffling (and of the augmentation, where there is one). */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Whether every epoch visits the training set in a new random order (default true). */
    public B shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return self();
    }

    /** Whether to skip the last, smaller mini-batch of each epoch (default false). */
    public B dropLast(boolean dropLast) {
        this.dropLast = dropLast;
        return self();
    }

    /** An extra cost term added to every step's loss, e.g. the L2 penalty {@code λ/(2m) Σ‖W‖²_F}. */
    public B penalty(Supplier<Tensor> penalty) {
        this.penalty = penalty;
        return self();
    }

    /** A learning-rate schedule, applied per epoch or per step whatever the schedule says it counts. */
    public B schedule(LearningRateSchedule schedule, ScheduleUnit unit) {
        this.schedule = checkNotNull(schedule, "%s: schedule is null", owner);
        this.scheduleUnit = checkNotNull(unit, "%s: schedule unit is null", owner);
        return self();
    }

    /**
     * A learning-rate schedule, applied before every step if it counts steps ({@link
     * LearningRateSchedule#perStep()}), else before every epoch.
     */
    public B schedule(LearningRateSchedule schedule) {
        checkNotNull(schedule, "%s: schedule is null", owner);
        return schedule(schedule, schedule.perStep() ? ScheduleUnit.STEP : ScheduleUnit.EPOCH);
    }

    /** Early stopping on the dev loss (needs a dev set when training). */
    public B earlyStopping(EarlyStopping earlyStopping) {
        this.earlyStopping = earlyStopping;
        return self();
    }

    /** The metric reported beside the loss; null for none. Default: {@link Accuracy#auto()} for classes. */
    public B metric(Metric metric) {
        this.metric = metric;
        this.metricChosen = true;
        return self();
    }

    /** Show the progress bar (on stderr) or not, instead of deciding from the console and {@code CI}. */
    public B progressBar(boolean show) {
        this.progressBar = show;
        return self();
    }

    /** Where the progress bar goes (default {@code System.err}). */
    public B progressOutput(PrintStream out) {
        this.progressOut = checkNotNull(out, "%s: progress output is null", owner);
        return self();
    }

    /** Adds a hook called after every step and epoch and at the end. */
    public B callback(Callback callback) {
        callbacks.add(checkNotNull(callback, "%s: callback is null", owner));
        return self();
    }

    /** The options as set so far, as an immutable value. */
    public Settings settings() {
        return new Settings(epochs, batchSize, evalBatchSize, seed, shuffle, dropLast, penalty, schedule, scheduleUnit,
                earlyStopping, metric, metricChosen, progressBar, progressOut, List.copyOf(callbacks));
    }

    /**
     * The options of one training loop, as set on its builder.
     *
     * @param metricChosen whether {@link #metric} was set explicitly (else the loop picks one for the data)
     * @param progressBar whether to show the bar, or null to decide from the console and {@code CI}
     */
    public record Settings(int epochs, int batchSize, int evalBatchSize, long seed, boolean shuffle, boolean dropLast,
            Supplier<Tensor> penalty, LearningRateSchedule schedule, ScheduleUnit scheduleUnit,
            EarlyStopping earlyStopping, Metric metric, boolean metricChosen, Boolean progressBar,
            PrintStream progressOut, List<Callback> callbacks) {

        /** The metric for data of this kind: the chosen one, else {@link Accuracy#auto()} for classes, else none. */
        public Metric metricFor(boolean classification) {
            if (metricChosen) {
                return metric;
            }
            return classification ? Accuracy.auto() : null;
        }

        /** The progress bar of epoch {@code epoch} (from 0) over {@code examples} examples, or none. */
        public Progress progress(int epoch, long examples) {
            boolean show = progressBar != null ? progressBar : Progress.autoEnabled();
            return show ? Progress.bar(String.format("epoch %d/%d", epoch + 1, epochs), examples, progressOut)
                    : Progress.NONE;
        }

        /** Whether a learning-rate schedule is set for {@code unit}. */
        public boolean schedules(ScheduleUnit unit) {
            return schedule != null && scheduleUnit == unit;
        }
    }
}
