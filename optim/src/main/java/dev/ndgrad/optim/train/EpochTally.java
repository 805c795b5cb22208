package dev.ndgrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.nn.Module;
import java.util.List;
import java.util.Optional;

/**
 * The running sums of one training epoch — steps, examples, the data loss and metric weighted by batch size, the
 * penalty — and what ends the epoch: its {@link EpochRecord} and the decision to stop. {@link Trainer} keeps one
 * per epoch; so can any other training loop that reports through a {@link History} (e.g. a distributed one).
 *
 * <p>The epoch's train loss is {@code Σ_t b_t·J_t / Σ_t b_t} over its steps {@code t} with batch sizes
 * {@code b_t} (the loss of a step being the mean over its batch), and likewise the metric; the penalty is the
 * plain mean over steps. Not thread-safe: one training loop fills it.
 */
public final class EpochTally {

    private int steps;
    private long examples;
    private double lossSum;
    private double metricSum;
    private double penaltySum;
    private double lastLoss = Double.NaN;
    private double learningRate = Double.NaN;
    private long trainNanos;
    private boolean diverged;
    private String anomaly;
    private Evaluation dev;

    /** Notes the learning rate of the step about to run; the epoch reports the rate of its first step. */
    public void beforeStep(double learningRate) {
        if (steps == 0 && Double.isNaN(this.learningRate)) {
            this.learningRate = learningRate;
        }
    }

    /**
     * Adds one optimizer step.
     *
     * @param size the step's batch size {@code b_t}, at least 1
     * @param loss the mean data loss over the batch
     * @param metric the mean metric over the batch, {@code NaN} without one
     * @param penalty the penalty term of the step's cost, 0 without one
     */
    public void add(int size, double loss, double metric, double penalty) {
        checkArgument(size >= 1, "EpochTally.add: batch size must be >= 1, got %s", size);
        steps++;
        examples += size;
        lossSum += loss * size;
        metricSum += metric * size;
        penaltySum += penalty;
        lastLoss = loss;
    }

    /** Marks the epoch as diverged: a step's cost was not finite, and training stops. */
    public void diverged() {
        diverged = true;
    }

    public boolean isDiverged() {
        return diverged;
    }

    /**
     * Marks the epoch as stopped by anomaly mode: an op created a NaN or an infinity in a step, which was not taken;
     * training stops.
     *
     * @param report the anomaly's message: the op, the input whose gradient went bad, where it was applied
     */
    public void anomaly(String report) {
        this.anomaly = checkNotNull(report, "EpochTally.anomaly: report is null");
    }

    /** Anomaly mode's report, if a step of this epoch was stopped by it. */
    public Optional<String> anomaly() {
        return Optional.ofNullable(anomaly);
    }

    /** Whether a step ended the epoch early: a divergence or an anomaly. */
    public boolean isStopped() {
        return diverged || anomaly != null;
    }

    /** The time spent in the epoch's steps (throughput is measured over it). */
    public void trainingTime(long nanos) {
        checkArgument(nanos >= 0, "EpochTally.trainingTime: %s ns < 0", nanos);
        trainNanos = nanos;
    }

    /** The dev set's evaluation after the epoch. */
    public void dev(Evaluation evaluation) {
        this.dev = checkNotNull(evaluation, "EpochTally.dev: evaluation is null");
    }

    public int steps() {
        return steps;
    }

    public long examples() {
        return examples;
    }

    /** The data loss of the last step ({@code NaN} before the first). */
    public double lastLoss() {
        return lastLoss;
    }

    /** The running train loss {@code Σ b_t·J_t / Σ b_t} ({@code NaN} before the first step). */
    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    /** The epoch's record; train values are {@code NaN} when it diverged or ran no step. */
    public EpochRecord record(int epoch, double seconds) {
        double trainLoss = diverged || examples == 0 ? Double.NaN : lossSum / examples;
        double trainMetric = diverged || examples == 0 ? Double.NaN : metricSum / examples;
        return new EpochRecord(epoch, trainLoss, trainMetric, dev == null ? Double.NaN : dev.loss(),
                dev == null ? Double.NaN : dev.metric(), learningRate, steps == 0 ? 0 : penaltySum / steps,
                seconds, examples / Math.max(trainNanos / 1e9, 1e-9));
    }

    /**
     * Whether training stops after this epoch, and why: an anomaly or a divergence first, then early stopping (whose
     * monitor sees the dev loss unless a step stopped the epoch), then the callbacks (each sees every epoch, the last
     * included).
     *
     * @param monitor the run's early-stopping monitor, or null without early stopping
     * @return {@link StopReason#COMPLETED} to go on
     */
    public StopReason stopReason(EpochRecord record, History history, EarlyStopping.Monitor monitor, Module model,
            List<Callback> callbacks) {
        boolean stopEarly = !isStopped() && monitor != null && monitor.update(record.epoch(), record.devLoss(), model);
        boolean stopByCallback = false;
        for (Callback c : callbacks) {
            stopByCallback |= c.onEpochEnd(record, history);
        }
        return anomaly != null ? StopReason.ANOMALY : diverged ? StopReason.DIVERGED : stopEarly ? StopReason.EARLY_STOPPED
                : stopByCallback ? StopReason.STOPPED_BY_CALLBACK : StopReason.COMPLETED;
    }
}
