package dev.ndgrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Module;
import dev.ndgrad.optim.LearningRateSchedule;
import dev.ndgrad.optim.Optimizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The options of a mini-batch training loop, with {@link Trainer}'s defaults: 10 epochs, batch size 32, evaluation
 * batches of 1024, shuffled with seed 0, no penalty, no schedule, no early stopping, accuracy as the metric for
 * classification data, progress shown {@link ProgressDisplay#AUTO} (a bar in a terminal, one line per epoch
 * elsewhere).
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
    private ProgressDisplay progress = ProgressDisplay.AUTO;
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

    /**
     * Show progress ({@link ProgressDisplay#AUTO}: a bar in a terminal, one line per epoch elsewhere) or nothing
     * ({@link ProgressDisplay#OFF}).
     */
    public B progressBar(boolean show) {
        return progress(show ? ProgressDisplay.AUTO : ProgressDisplay.OFF);
    }

    /** How progress is shown; default {@link ProgressDisplay#AUTO}. */
    public B progress(ProgressDisplay display) {
        this.progress = checkNotNull(display, "%s: progress display is null", owner);
        return self();
    }

    /** Where the progress bar or lines go (default {@code System.err}). */
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
                earlyStopping, metric, metricChosen, progress, progressOut, List.copyOf(callbacks));
    }

    /**
     * Refuses an optimizer built for other tensors (another model, or a copy of this one): it would train nothing
     * and report losses that never move. Tensors are compared by identity.
     *
     * @throws IllegalArgumentException naming the first trainable parameter of the model (one that requires grad)
     *     that the optimizer does not update
     */
    protected void checkOptimizerOwns(Module model, Optimizer optimizer) {
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        owned.addAll(optimizer.params());
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            if (p.requiresGrad() && !owned.contains(p)) {
                throw new IllegalArgumentException(owner + ": " + optimizer.name() + " does not update the model's "
                        + "parameter '" + e.getKey() + "' (" + p.describe() + "): it was built for other tensors "
                        + "(another model?). Build it from this model, e.g. new Adam(model.parameters(), lr); "
                        + "freeze a parameter on purpose with requiresGrad(false)");
            }
        }
    }

    /**
     * The options of one training loop, as set on its builder.
     *
     * @param metricChosen whether {@link #metric} was set explicitly (else the loop picks one for the data)
     * @param progress how progress is shown
     */
    public record Settings(int epochs, int batchSize, int evalBatchSize, long seed, boolean shuffle, boolean dropLast,
            Supplier<Tensor> penalty, LearningRateSchedule schedule, ScheduleUnit scheduleUnit,
            EarlyStopping earlyStopping, Metric metric, boolean metricChosen, ProgressDisplay progress,
            PrintStream progressOut, List<Callback> callbacks) {

        /** The metric for data of this kind: the chosen one, else {@link Accuracy#auto()} for classes, else none. */
        public Metric metricFor(boolean classification) {
            if (metricChosen) {
                return metric;
            }
            return classification ? Accuracy.auto() : null;
        }

        /**
         * The progress of epoch {@code epoch} (from 0) over {@code examples} examples, as the display says
         * ({@link ProgressDisplay#AUTO}: a bar when the output is a terminal, else one line per epoch).
         */
        public Progress progress(int epoch, long examples) {
            ProgressDisplay display = progress == ProgressDisplay.AUTO
                    ? (Terminal.isTerminal(progressOut) ? ProgressDisplay.BAR : ProgressDisplay.LINES) : progress;
            return Progress.of(display, String.format("epoch %d/%d", epoch + 1, epochs), examples, progressOut);
        }

        /** The line that ends an epoch's progress ({@link Progress#finish}), naming the metric if there is one. */
        public String epochLine(EpochRecord record, Metric metric) {
            return EpochLine.of(record, epochs, metric == null ? "" : metric.name());
        }

        /** Whether a learning-rate schedule is set for {@code unit}. */
        public boolean schedules(ScheduleUnit unit) {
            return schedule != null && scheduleUnit == unit;
        }
    }
}
