package dev.ndgrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The per-epoch records of one {@link Trainer#fit}, why it stopped, and which epoch's weights the model holds at
 * the end (the best dev epoch when early stopping restored it, else the last). Read-only to callers.
 */
public final class History {

    private final List<EpochRecord> epochs = new ArrayList<>();
    private StopReason stopReason = StopReason.COMPLETED;
    private int restoredEpoch = -1;
    private String anomaly;

    History() {
    }

    /**
     * A new, empty history and the only handle that can fill it: for training loops other than {@link Trainer}
     * (e.g. a distributed one) that report the same per-epoch records. Callers of the loop get the
     * {@link Recorder#history() history}, which stays read-only to them.
     */
    public static Recorder recorder() {
        return new Recorder(new History());
    }

    /** Writes one {@link History}: epoch records in order, then how training ended. */
    public static final class Recorder {
        private final History history;

        private Recorder(History history) {
            this.history = history;
        }

        /**
         * Appends the next epoch's record.
         *
         * @throws IllegalArgumentException if {@code record.epoch()} is not the number of epochs recorded so far
         */
        public void add(EpochRecord record) {
            history.add(checkNotNull(record, "History.Recorder.add: record is null"));
        }

        /** Records why training ended and which epoch's weights were restored (-1 for none). */
        public void finish(StopReason reason, int restoredEpoch) {
            history.finish(reason, restoredEpoch);
        }

        /** The history being written (live: it shows every record added so far). */
        public History history() {
            return history;
        }
    }

    void add(EpochRecord record) {
        checkArgument(record.epoch() == epochs.size(), "History: epoch %s recorded after %s epochs", record.epoch(),
                epochs.size());
        epochs.add(record);
    }

    void finish(StopReason reason, int restored) {
        finish(reason, restored, null);
    }

    void finish(StopReason reason, int restored, String anomalyReport) {
        this.stopReason = checkNotNull(reason);
        this.restoredEpoch = restored;
        this.anomaly = anomalyReport;
    }

    /** The records, one per epoch run, in order. */
    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The number of epochs run. */
    public int size() {
        return epochs.size();
    }

    /** The last epoch's record. */
    public EpochRecord last() {
        checkArgument(!epochs.isEmpty(), "History: no epoch has run");
        return epochs.get(epochs.size() - 1);
    }

    public StopReason stopReason() {
        return stopReason;
    }

    /**
     * When training stopped with {@link StopReason#ANOMALY}: the report of anomaly mode, naming the op that created
     * a NaN or an infinity, the input whose gradient went bad and the line where the op was applied.
     */
    public Optional<String> anomaly() {
        return Optional.ofNullable(anomaly);
    }

    /** The epoch with the lowest dev loss (the first of equals), or -1 without a dev set. */
    public int bestEpoch() {
        int best = -1;
        for (EpochRecord r : epochs) {
            if (r.hasDev() && (best < 0 || r.devLoss() < epochs.get(best).devLoss())) {
                best = r.epoch();
            }
        }
        return best;
    }

    /** The epoch whose weights early stopping put back into the model, or -1 if none were restored. */
    public int restoredEpoch() {
        return restoredEpoch;
    }

    /** The training losses by epoch, e.g. for a plot. */
    public double[] trainLosses() {
        return column(EpochRecord::trainLoss);
    }

    /** The dev losses by epoch ({@code NaN} without a dev set). */
    public double[] devLosses() {
        return column(EpochRecord::devLoss);
    }

    public double[] trainMetrics() {
        return column(EpochRecord::trainMetric);
    }

    public double[] devMetrics() {
        return column(EpochRecord::devMetric);
    }

    public double[] learningRates() {
        return column(EpochRecord::learningRate);
    }

    private double[] column(ToDoubleFunction<EpochRecord> field) {
        return epochs.stream().mapToDouble(field).toArray();
    }

    /** One line per epoch, then how training ended. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        epochs.forEach(r -> s.append(r).append('\n'));
        s.append(stopReason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(" after ")
                .append(epochs.size()).append(" epoch(s)");
        if (restoredEpoch >= 0) {
            s.append(", weights of epoch ").append(restoredEpoch).append(" restored");
        }
        if (anomaly != null) {
            s.append(": ").append(anomaly);
        }
        return s.toString();
    }
}
