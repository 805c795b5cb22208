package dev.ndgrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.ndgrad.autograd.AnomalyException;
import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.data.Batch;
import dev.ndgrad.nn.data.BatchTransform;
import dev.ndgrad.nn.data.DataLoader;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.LearningRateSchedule;
import dev.ndgrad.optim.Optimizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batch gradient descent on a {@link Module}: for each epoch, for each mini-batch {@code (X{t}, Y{t})},
 * <pre>
 *   optimizer.zeroGrad();  ŷ = model(X{t});  J = loss(ŷ, Y{t}) + penalty();  J.backward();  optimizer.step();
 * </pre>
 * then an evaluation of the dev set, an optional early stop, and a record in the {@link History}.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), Losses::crossEntropy)
 *         .epochs(30).batchSize(64).seed(1)
 *         .earlyStopping(new EarlyStopping(5, 1e-4))
 *         .build();
 * History history = trainer.fit(split.train(), split.dev());
 * Evaluation test = trainer.evaluate(split.test());
 * BiasVarianceDiagnosis d = trainer.diagnose(split.train(), split.dev(), 0.0);
 * }</pre>
 *
 * <p>The optimizer must update every trainable parameter of the model (each that requires grad), the very
 * tensors {@code model.parameters()} returns: {@link Builder#build()} refuses one built for another model. It
 * may hold more (e.g. a learnable parameter of the loss).
 *
 * <p>The loss must be the <em>mean</em> over the batch (as every loss in {@code Losses} is), so that batch values
 * weighted by batch size give the value over the set. The data are converted to the model's parameter dtype.
 * Evaluation runs with {@code model.eval()} and no gradient recording; training epochs with {@code model.train()};
 * after {@link #fit} the model is left in evaluation mode. The learning-rate schedule, if any, is asked before
 * every epoch ({@link ScheduleUnit#EPOCH}) or every step ({@link ScheduleUnit#STEP}) and its rate set on the
 * optimizer; it is passed the epoch or step <em>number</em>, counting from 1 as the lecture notes' {@code epoch_num}
 * does (the {@link History} indexes epochs from 0).
 */
public final class Trainer {

    private final Module model;
    private final Optimizer optimizer;
    private final BiFunction<Tensor, Tensor, Tensor> loss;
    private final Supplier<Tensor> penalty;
    private final int epochs;
    private final int batchSize;
    private final int evalBatchSize;
    private final long seed;
    private final boolean shuffle;
    private final boolean dropLast;
    private final LearningRateSchedule schedule;
    private final ScheduleUnit scheduleUnit;
    private final EarlyStopping earlyStopping;
    private final Metric metric;
    private final boolean metricChosen;
    private final BatchTransform augmentation;
    private final ProgressDisplay progress;
    private final PrintStream progressOut;
    private final List<Callback> callbacks;
    private final boolean detectAnomaly;

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.penalty = b.penalty;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.evalBatchSize = b.evalBatchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.schedule = b.schedule;
        this.scheduleUnit = b.scheduleUnit;
        this.earlyStopping = b.earlyStopping;
        this.metric = b.metric;
        this.metricChosen = b.metricChosen;
        this.augmentation = b.augmentation;
        this.progress = b.progress;
        this.progressOut = b.progressOut;
        this.callbacks = List.copyOf(b.callbacks);
        this.detectAnomaly = b.detectAnomaly;
    }

    /**
     * A builder: 10 epochs, batch size 32, shuffled with seed 0, no schedule, no early stopping, accuracy as the
     * metric for classification data, progress shown {@link ProgressDisplay#AUTO}: a bar in a terminal, one line per
     * epoch elsewhere.
     *
     * @param loss {@code (outputs, labels) → mean loss}, e.g. {@code Losses::crossEntropy}
     */
    public static Builder builder(Module model, Optimizer optimizer, BiFunction<Tensor, Tensor, Tensor> loss) {
        return new Builder(model, optimizer, loss);
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Trains on {@code train} without a dev set (no early stopping possible). */
    public History fit(Dataset train) {
        return fit(train, null);
    }

    /**
     * Trains for the configured epochs (or until early stopping, divergence or a callback stops it).
     *
     * @param train the training set
     * @param dev the dev set evaluated after every epoch, or null
     * @return the per-epoch history; the model holds the best dev epoch's weights if early stopping restored
     *     them, else the last epoch's
     */
    public History fit(Dataset train, Dataset dev) {
        checkNotNull(train, "Trainer.fit: train is null");
        checkArgument(earlyStopping == null || dev != null, "Trainer.fit: early stopping (%s) needs a dev set",
                earlyStopping);
        Dataset trainData = train.to(modelDtype());
        Dataset devData = dev == null ? null : dev.to(modelDtype());
        Metric m = metricFor(trainData);
        DataLoader loader = DataLoader.builder(trainData).batchSize(batchSize).shuffle(shuffle).seed(seed)
                .dropLast(dropLast).transform(augmentation).build();
        History history = new History();
        EarlyStopping.Monitor monitor = earlyStopping == null ? null : earlyStopping.start();
        StopReason reason = StopReason.COMPLETED;
        ProgressDisplay display = progress == ProgressDisplay.AUTO
                ? (Terminal.isTerminal(progressOut) ? ProgressDisplay.BAR : ProgressDisplay.LINES) : progress;
        long step = 0;
        EpochRun run = null;
        for (int epoch = 0; epoch < epochs && reason == StopReason.COMPLETED; epoch++) {
            if (schedule != null && scheduleUnit == ScheduleUnit.EPOCH) {
                optimizer.setLearningRate(schedule.rate(epoch + 1));
            }
            run = new EpochRun();
            long start = System.nanoTime();
            EpochRecord record;
            try (Progress progress = Progress.of(display, String.format("epoch %d/%d", epoch + 1, epochs),
                    loader.examplesPerEpoch(), progressOut)) {
                model.train();
                for (Batch batch : loader.epoch(epoch)) {
                    if (schedule != null && scheduleUnit == ScheduleUnit.STEP) {
                        optimizer.setLearningRate(schedule.rate(Math.toIntExact(step + 1)));
                    }
                    if (run.steps == 0) {
                        run.learningRate = optimizer.learningRate();
                    }
                    if (!trainStep(batch, m, run)) {
                        break;
                    }
                    for (Callback c : callbacks) {
                        c.onStepEnd(step, run.lastLoss);
                    }
                    step++;
                    progress.step(batch.size(), run.lossSum / run.examples);
                }
                run.trainNanos = System.nanoTime() - start;
                if (devData != null && !run.stopped()) {
                    run.dev = evaluate(devData, m);
                }
                record = run.record(epoch, (System.nanoTime() - start) / 1e9);
                progress.finish(EpochLine.of(record, epochs, m == null ? "" : m.name()));
            }
            history.add(record);
            reason = stopReason(run, record, history, monitor);
        }
        int restored = monitor == null ? -1 : monitor.restoreBest(model);
        model.eval();
        history.finish(reason, restored, run.anomaly);
        if (run.anomaly != null && display != ProgressDisplay.OFF) {
            progressOut.println("stopped before the optimizer's step: " + run.anomaly);
        }
        callbacks.forEach(c -> c.onTrainEnd(history));
        return history;
    }

    private StopReason stopReason(EpochRun run, EpochRecord record, History history, EarlyStopping.Monitor monitor) {
        boolean stopEarly = !run.stopped() && monitor != null && monitor.update(record.epoch(), record.devLoss(), model);
        boolean stopByCallback = false;
        for (Callback c : callbacks) {
            stopByCallback |= c.onEpochEnd(record, history); // every callback sees every epoch, the last included
        }
        return run.anomaly != null ? StopReason.ANOMALY : run.diverged ? StopReason.DIVERGED
                : stopEarly ? StopReason.EARLY_STOPPED : stopByCallback ? StopReason.STOPPED_BY_CALLBACK
                : StopReason.COMPLETED;
    }

    /**
     * One optimizer step on {@code batch}; false (and no step) if the cost is not finite or, with anomaly detection
     * on, if an op created a NaN or an infinity in the forward pass or the gradients.
     */
    @SuppressWarnings("try")   // the anomaly scope acts on close
    private boolean trainStep(Batch batch, Metric m, EpochRun run) {
        optimizer.zeroGrad();
        if (!detectAnomaly) {
            return gradients(batch, m, run) && step(run);
        }
        try (var anomaly = Autograd.detectAnomaly()) {
            if (!gradients(batch, m, run)) {
                return false;
            }
        } catch (AnomalyException e) {
            run.anomaly = e.getMessage();
            return false;
        }
        return step(run);
    }

    /** The forward pass and the gradients of the cost; false if the cost is not finite. */
    private boolean gradients(Batch batch, Metric m, EpochRun run) {
        Tensor outputs = model.forward(batch.features());
        Tensor dataLoss = checkScalar(loss.apply(outputs, batch.labels()));
        Tensor cost = dataLoss;
        double penaltyValue = 0;
        if (penalty != null) {
            Tensor p = checkScalar(penalty.get());
            cost = dataLoss.add(p);
            penaltyValue = p.item();
        }
        double lossValue = dataLoss.item();
        if (!Double.isFinite(lossValue) || !Double.isFinite(penaltyValue)) {
            run.diverged = true;
            return false;
        }
        double metricValue = m == null ? Double.NaN : m.evaluate(outputs.data(), batch.labels().data());
        cost.backward();
        run.pending(batch.size(), lossValue, metricValue, penaltyValue);
        return true;
    }

    private boolean step(EpochRun run) {
        optimizer.step();
        run.commit();
        return true;
    }

    private static Tensor checkScalar(Tensor t) {
        checkState(t != null && t.size() == 1, "Trainer: the loss and penalty must be scalars (a mean over the "
                + "batch), got %s", t == null ? "null" : Arrays.toString(t.shape()));
        return t;
    }

    /**
     * The model's mean loss and metric on {@code data}, in evaluation mode and without recording gradients, in
     * batches of the evaluation batch size. The model's mode is restored afterwards.
     */
    public Evaluation evaluate(Dataset data) {
        checkNotNull(data, "Trainer.evaluate: data is null");
        Dataset converted = data.to(modelDtype());
        return evaluate(converted, metricFor(converted));
    }

    @SuppressWarnings("try") // the scope is only opened and closed
    private Evaluation evaluate(Dataset data, Metric m) {
        boolean wasTraining = model.isTraining();
        double lossSum = 0;
        double metricSum = 0;
        try (var noGrad = Autograd.noGrad()) {
            model.eval();
            for (Batch batch : DataLoader.sequential(data, evalBatchSize)) {
                Tensor outputs = model.forward(batch.features());
                lossSum += checkScalar(loss.apply(outputs, batch.labels())).item() * batch.size();
                if (m != null) {
                    metricSum += m.evaluate(outputs.data(), batch.labels().data()) * batch.size();
                }
            }
        } finally {
            model.train(wasTraining);
        }
        int n = data.size();
        return new Evaluation(lossSum / n, m == null ? Double.NaN : metricSum / n, n);
    }

    /**
     * Evaluates {@code train} and {@code dev} and compares their errors ({@code 1 − accuracy}) with
     * {@code baseError} using the default thresholds (see {@link BiasVarianceDiagnosis}).
     */
    public BiasVarianceDiagnosis diagnose(Dataset train, Dataset dev, double baseError) {
        Evaluation onTrain = evaluate(train);
        Evaluation onDev = evaluate(dev);
        checkState(!Double.isNaN(onTrain.metric()), "Trainer.diagnose: needs an accuracy metric, got none");
        return BiasVarianceDiagnosis.of(onTrain.error(), onDev.error(), baseError);
    }

    private Metric metricFor(Dataset data) {
        if (metricChosen) {
            return metric;
        }
        return data.isClassification() ? Accuracy.auto() : null;
    }

    private DataType modelDtype() {
        List<Tensor> parameters = model.parameters();
        return parameters.isEmpty() ? Nd4j.defaultFloatingPointType()
                : parameters.get(0).dtype();
    }

    /** Running sums of one epoch. */
    private static final class EpochRun {
        int steps;
        int examples;
        double lossSum;
        double metricSum;
        double penaltySum;
        double lastLoss;
        double learningRate = Double.NaN;
        long trainNanos;
        boolean diverged;
        /** Anomaly mode's report, when a step created a NaN or an infinity. */
        String anomaly;
        Evaluation dev;
        private int pendingSize;
        private double pendingLoss;
        private double pendingMetric;
        private double pendingPenalty;

        boolean stopped() {
            return diverged || anomaly != null;
        }

        /** A step's figures, counted once its optimizer step is taken. */
        void pending(int size, double loss, double metric, double penalty) {
            pendingSize = size;
            pendingLoss = loss;
            pendingMetric = metric;
            pendingPenalty = penalty;
        }

        void commit() {
            steps++;
            examples += pendingSize;
            lossSum += pendingLoss * pendingSize;
            metricSum += pendingMetric * pendingSize;
            penaltySum += pendingPenalty;
            lastLoss = pendingLoss;
        }

        EpochRecord record(int epoch, double seconds) {
            double trainLoss = stopped() || examples == 0 ? Double.NaN : lossSum / examples;
            double trainMetric = stopped() || examples == 0 ? Double.NaN : metricSum / examples;
            return new EpochRecord(epoch, trainLoss, trainMetric, dev == null ? Double.NaN : dev.loss(),
                    dev == null ? Double.NaN : dev.metric(), learningRate, steps == 0 ? 0 : penaltySum / steps,
                    seconds, examples / Math.max(trainNanos / 1e9, 1e-9));
        }
    }

    /** Configures a {@link Trainer}. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final BiFunction<Tensor, Tensor, Tensor> loss;
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
        private BatchTransform augmentation;
        private ProgressDisplay progress = ProgressDisplay.AUTO;
        private PrintStream progressOut = System.err;
        private final List<Callback> callbacks = new ArrayList<>();
        private boolean detectAnomaly;

        private Builder(Module model, Optimizer optimizer, BiFunction<Tensor, Tensor, Tensor> loss) {
            this.model = checkNotNull(model, "Trainer: model is null");
            this.optimizer = checkNotNull(optimizer, "Trainer: optimizer is null");
            this.loss = checkNotNull(loss, "Trainer: loss is null");
        }

        /** The maximum number of epochs (passes over the training set), at least 1. */
        public Builder epochs(int epochs) {
            checkArgument(epochs >= 1, "Trainer: epochs must be >= 1, got %s", epochs);
            this.epochs = epochs;
            return this;
        }

        /** The mini-batch size: 1 is stochastic gradient descent, the training set's size batch gradient descent. */
        public Builder batchSize(int batchSize) {
            checkArgument(batchSize >= 1, "Trainer: batch size must be >= 1, got %s", batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** The batch size of evaluations (it changes no result, only memory use); default 1024. */
        public Builder evalBatchSize(int evalBatchSize) {
            checkArgument(evalBatchSize >= 1, "Trainer: eval batch size must be >= 1, got %s", evalBatchSize);
            this.evalBatchSize = evalBatchSize;
            return this;
        }

        /** The seed of the shuffling and the augmentation. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether every epoch visits the training set in a new random order (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Whether to skip the last, smaller mini-batch of each epoch (default false). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** An extra cost term added to every step's loss, e.g. the L2 penalty {@code λ/(2m) Σ‖W‖²_F}. */
        public Builder penalty(Supplier<Tensor> penalty) {
            this.penalty = penalty;
            return this;
        }

        /** A learning-rate schedule, applied per epoch or per step whatever the schedule says it counts. */
        public Builder schedule(LearningRateSchedule schedule, ScheduleUnit unit) {
            this.schedule = checkNotNull(schedule, "Trainer: schedule is null");
            this.scheduleUnit = checkNotNull(unit, "Trainer: schedule unit is null");
            return this;
        }

        /**
         * A learning-rate schedule, applied before every step if it counts steps ({@link
         * LearningRateSchedule#perStep()}), else before every epoch.
         */
        public Builder schedule(LearningRateSchedule schedule) {
            checkNotNull(schedule, "Trainer: schedule is null");
            return schedule(schedule, schedule.perStep() ? ScheduleUnit.STEP : ScheduleUnit.EPOCH);
        }

        /** Early stopping on the dev loss (needs a dev set in {@link Trainer#fit(Dataset, Dataset)}). */
        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /** The metric reported beside the loss; null for none. Default: {@link Accuracy#auto()} for classes. */
        public Builder metric(Metric metric) {
            this.metric = metric;
            this.metricChosen = true;
            return this;
        }

        /** Data augmentation applied to every training batch (never to the dev set). */
        public Builder augmentation(BatchTransform augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /**
         * Show progress ({@link ProgressDisplay#AUTO}: a bar in a terminal, one line per epoch elsewhere) or nothing
         * ({@link ProgressDisplay#OFF}).
         */
        public Builder progressBar(boolean show) {
            return progress(show ? ProgressDisplay.AUTO : ProgressDisplay.OFF);
        }

        /** How progress is shown; default {@link ProgressDisplay#AUTO}. */
        public Builder progress(ProgressDisplay display) {
            this.progress = checkNotNull(display, "Trainer: progress display is null");
            return this;
        }

        /** Where the progress bar or lines go (default {@code System.err}). */
        public Builder progressOutput(PrintStream out) {
            this.progressOut = checkNotNull(out, "Trainer: progress output is null");
            return this;
        }

        /**
         * Runs every training step in {@link Autograd#detectAnomaly()} (default off): the first op that creates a NaN
         * or an infinity in the forward pass or in a gradient stops training <em>before</em> the optimizer's step, so
         * no NaN is written into the weights; {@link Trainer#fit} then returns a history that stopped with
         * {@link StopReason#ANOMALY} and whose {@link History#anomaly()} names the op, the input whose gradient went
         * bad and the line where the op was applied. Anomaly mode records a stack trace per op: for debugging.
         */
        public Builder detectAnomaly(boolean on) {
            this.detectAnomaly = on;
            return this;
        }

        /** Adds a hook called after every step and epoch and at the end. */
        public Builder callback(Callback callback) {
            callbacks.add(checkNotNull(callback, "Trainer: callback is null"));
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first trainable parameter of the model (one that requires
         *     grad) that the optimizer does not update, since training would silently leave it as it is
         */
        public Trainer build() {
            checkOptimizerOwns(model, optimizer);
            return new Trainer(this);
        }

        /**
         * An optimizer built for other tensors (another model, or a copy of this one) would train nothing and
         * report losses that never move: refuse it here, comparing tensors by identity.
         */
        private static void checkOptimizerOwns(Module model, Optimizer optimizer) {
            Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
            owned.addAll(optimizer.params());
            for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
                Tensor p = e.getValue();
                if (p.requiresGrad() && !owned.contains(p)) {
                    throw new IllegalArgumentException("Trainer: " + optimizer.name() + " does not update the model's "
                            + "parameter '" + e.getKey() + "' (" + p.describe() + "): it was built for other tensors "
                            + "(another model?). Build it from this model, e.g. new Adam(model.parameters(), lr); "
                            + "freeze a parameter on purpose with requiresGrad(false)");
                }
            }
        }
    }
}
