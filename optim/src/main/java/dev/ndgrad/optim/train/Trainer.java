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
import java.util.Arrays;
import java.util.List;
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
    private final BatchTransform augmentation;
    private final List<Callback> callbacks;
    private final TrainingOptions.Settings settings;
    private final boolean detectAnomaly;

    private Trainer(Builder b) {
        TrainingOptions.Settings o = b.settings();
        this.settings = o;
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.penalty = o.penalty();
        this.epochs = o.epochs();
        this.batchSize = o.batchSize();
        this.evalBatchSize = o.evalBatchSize();
        this.seed = o.seed();
        this.shuffle = o.shuffle();
        this.dropLast = o.dropLast();
        this.schedule = o.schedule();
        this.scheduleUnit = o.scheduleUnit();
        this.earlyStopping = o.earlyStopping();
        this.augmentation = b.augmentation;
        this.callbacks = o.callbacks();
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
        long step = 0;
        String anomaly = null;
        for (int epoch = 0; epoch < epochs && reason == StopReason.COMPLETED; epoch++) {
            if (schedule != null && scheduleUnit == ScheduleUnit.EPOCH) {
                optimizer.setLearningRate(schedule.rate(epoch + 1));
            }
            EpochTally run = new EpochTally();
            long start = System.nanoTime();
            EpochRecord record;
            try (Progress progress = settings.progress(epoch, loader.examplesPerEpoch())) {
                model.train();
                for (Batch batch : loader.epoch(epoch)) {
                    if (schedule != null && scheduleUnit == ScheduleUnit.STEP) {
                        optimizer.setLearningRate(schedule.rate(Math.toIntExact(step + 1)));
                    }
                    run.beforeStep(optimizer.learningRate());
                    if (!trainStep(batch, m, run)) {
                        break;
                    }
                    for (Callback c : callbacks) {
                        c.onStepEnd(step, run.lastLoss());
                    }
                    step++;
                    progress.step(batch.size(), run.meanLoss());
                }
                run.trainingTime(System.nanoTime() - start);
                if (devData != null && !run.isStopped()) {
                    run.dev(evaluate(devData, m));
                }
                record = run.record(epoch, (System.nanoTime() - start) / 1e9);
                progress.finish(settings.epochLine(record, m));
            }
            history.add(record);
            reason = run.stopReason(record, history, monitor, model, callbacks);
            anomaly = run.anomaly().orElse(null);
        }
        int restored = monitor == null ? -1 : monitor.restoreBest(model);
        model.eval();
        history.finish(reason, restored, anomaly);
        if (anomaly != null && settings.progress() != ProgressDisplay.OFF) {
            settings.progressOut().println("stopped before the optimizer's step: " + anomaly);
        }
        callbacks.forEach(c -> c.onTrainEnd(history));
        return history;
    }

    /**
     * One optimizer step on {@code batch}; false (and no step) if the cost is not finite or, with anomaly detection
     * on, if an op created a NaN or an infinity in the forward pass or in the gradients.
     */
    @SuppressWarnings("try")   // the anomaly scope acts on close
    private boolean trainStep(Batch batch, Metric m, EpochTally run) {
        optimizer.zeroGrad();
        StepFigures figures;
        if (detectAnomaly) {
            try (var anomaly = Autograd.detectAnomaly()) {
                figures = lossAndGradients(batch, m);
            } catch (AnomalyException e) {
                run.anomaly(e.getMessage());
                return false;
            }
        } else {
            figures = lossAndGradients(batch, m);
        }
        if (figures == null) {
            run.diverged();
            return false;
        }
        optimizer.step();
        run.add(batch.size(), figures.loss(), figures.metric(), figures.penalty());
        return true;
    }

    /** A step's data loss, metric and penalty (each a mean over the batch). */
    private record StepFigures(double loss, double metric, double penalty) {}

    /** The forward pass and the cost's gradients; null (and no gradients) if the cost is not finite. */
    private StepFigures lossAndGradients(Batch batch, Metric m) {
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
            return null;
        }
        double metricValue = m == null ? Double.NaN : m.evaluate(outputs.data(), batch.labels().data());
        cost.backward();
        return new StepFigures(lossValue, metricValue, penaltyValue);
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
        return settings.metricFor(data.isClassification());
    }

    private DataType modelDtype() {
        List<Tensor> parameters = model.parameters();
        return parameters.isEmpty() ? Nd4j.defaultFloatingPointType()
                : parameters.get(0).dtype();
    }

    /** Configures a {@link Trainer}: the {@link TrainingOptions} and data augmentation. */
    public static final class Builder extends TrainingOptions<Builder> {
        private final Module model;
        private final Optimizer optimizer;
        private final BiFunction<Tensor, Tensor, Tensor> loss;
        private BatchTransform augmentation;
        private boolean detectAnomaly;

        private Builder(Module model, Optimizer optimizer, BiFunction<Tensor, Tensor, Tensor> loss) {
            super("Trainer");
            this.model = checkNotNull(model, "Trainer: model is null");
            this.optimizer = checkNotNull(optimizer, "Trainer: optimizer is null");
            this.loss = checkNotNull(loss, "Trainer: loss is null");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Data augmentation applied to every training batch (never to the dev set). */
        public Builder augmentation(BatchTransform augmentation) {
            this.augmentation = augmentation;
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

        /**
         * @throws IllegalArgumentException naming the first trainable parameter of the model (one that requires
         *     grad) that the optimizer does not update, since training would silently leave it as it is
         */
        public Trainer build() {
            checkOptimizerOwns(model, optimizer);
            return new Trainer(this);
        }
    }
}
