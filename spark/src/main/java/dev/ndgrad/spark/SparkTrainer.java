package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.GradClip;
import dev.ndgrad.optim.Optimizer;
import dev.ndgrad.optim.train.Accuracy;
import dev.ndgrad.optim.train.BiasVarianceDiagnosis;
import dev.ndgrad.optim.train.Callback;
import dev.ndgrad.optim.train.EarlyStopping;
import dev.ndgrad.optim.train.EpochRecord;
import dev.ndgrad.optim.train.EpochTally;
import dev.ndgrad.optim.train.Evaluation;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.Metric;
import dev.ndgrad.optim.train.Progress;
import dev.ndgrad.optim.train.ScheduleUnit;
import dev.ndgrad.optim.train.StopReason;
import dev.ndgrad.optim.train.Trainer;
import dev.ndgrad.optim.train.TrainingOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Data-parallel training of an ndgrad {@link Module} on Apache Spark, with the API of {@link Trainer}: the same
 * options, {@link History}, progress bar, {@link EarlyStopping}, schedules and {@link Callback}s.
 *
 * <p><b>Synchronous (the default).</b> The training set is an {@link ExampleSet}: examples cached on the executors,
 * numbered {@code 0..n−1}. Mini-batch {@code t} is the list of indices a one-machine {@code DataLoader} with the
 * same seed would draw. Each step the driver broadcasts the parameters as one primitive vector; every partition
 * holding {@code b_p} of the batch's {@code B} examples runs the model's forward and backward on them (with the
 * same {@code Module}, loss and autograd as on one machine) and returns {@code ∇θ (b_p/B)·J_p}; Spark's
 * {@code treeAggregate} sums these to {@code ∇J}, the gradient of the batch's mean loss; and the driver's
 * {@link Optimizer} takes its step with it. So Adam, momentum, weight decay, schedules, clipping and early stopping
 * act exactly as on one machine, and the weights equal one-machine training on the same batches up to the order
 * of floating-point sums (tested to 1e-10 in DOUBLE for 1, 2 and 4 partitions). That order is the order in which
 * the partitions' tasks finish, so two runs on several partitions may differ in the last bits (about 1e-16 relative
 * per step in DOUBLE); on one partition they are identical to one-machine training, bit for bit.
 *
 * <p>What cannot be identical: anything a forward pass draws or measures per batch sees the partition's share, not
 * the whole batch — dropout masks come from each executor thread's generator, and batch norm normalizes with the
 * share's statistics (its running averages become the example-weighted mean of the partitions': exact for the
 * running mean, missing the spread between partitions' means for the running variance).
 *
 * <p><b>Parameter averaging</b> ({@link Builder#parameterAveraging}): for when a step's synchronisation costs more
 * than its computation. Every {@code k} steps the driver broadcasts parameters and optimizer state; each partition
 * takes {@code k} local steps with its own optimizer on its shares of the next {@code k} mini-batches; the driver
 * sets parameters, buffers and optimizer state to the partitions' example-weighted averages (DL4J's parameter
 * averaging, local SGD). Communication falls by {@code k}; with {@code k = 1} and plain SGD it equals synchronous
 * training, with larger {@code k} the replicas drift apart between averagings.
 *
 * <pre>{@code
 * ModelFactory mlp = () -> new Sequential(new Linear(64, 32), new ReLU(), new Linear(32, 10));
 * Module model = mlp.create();                                  // the driver's copy: the run's initial weights
 * SparkTrainer trainer = SparkTrainer.builder(model, mlp, new Adam(model.parameters(), 1e-2), Losses::crossEntropy)
 *         .epochs(10).batchSize(64).seed(1)
 *         .checkpoint("hdfs:///runs/digits", 100)             // every 100 steps; .resumeFrom(...) continues
 *         .build();
 * History history = trainer.fit(train, dev);                    // ndgrad Datasets, or ExampleSets already in Spark
 * }</pre>
 *
 * <p>The session is the builder's, else {@link EmbeddedSpark#session(String)} of the builder's master: the running
 * session, or {@code spark.master} (set by spark-submit), or {@code local[*]}. Fault tolerance is Spark's: a failed
 * task is retried ({@code spark.task.maxFailures}; in local mode a master {@code local[N,F]} allows {@code F}
 * attempts) and recomputes the same result; lost cached partitions are rebuilt from their source.
 */
public final class SparkTrainer {

    private final Module model;
    private final ModelFactory replicas;
    private final Optimizer optimizer;
    private final SparkLoss loss;
    private final TrainingOptions.Settings settings;
    private final SparkSession spark;
    private final String master;
    private final int partitions;
    private final int aggregationDepth;
    private final int stepsPerRound;
    private final OptimizerFactory localOptimizer;
    private final double clipNorm;
    private final String checkpointDirectory;
    private final int checkpointEvery;
    private final String resumeFrom;
    private final ModelLayout layout;
    private final String runId = UUID.randomUUID().toString();
    private Communication communication;

    private SparkTrainer(Builder b, ModelLayout layout) {
        this.model = b.model;
        this.replicas = b.replicas;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.settings = b.settings();
        this.spark = b.spark;
        this.master = b.master;
        this.partitions = b.partitions;
        this.aggregationDepth = b.aggregationDepth;
        this.stepsPerRound = b.stepsPerRound;
        this.localOptimizer = b.localOptimizer;
        this.clipNorm = b.clipNorm;
        this.checkpointDirectory = b.checkpointDirectory;
        this.checkpointEvery = b.checkpointEvery;
        this.resumeFrom = b.resumeFrom;
        this.layout = layout;
    }

    /**
     * A builder with {@link Trainer}'s defaults (10 epochs, batch size 32, shuffled with seed 0, accuracy for
     * classification data, the progress bar when a console is attached), synchronous training, an aggregation tree
     * of depth 2, and each local data set cut into the session's default parallelism of partitions.
     *
     * @param model the driver's model: its weights are the run's initial weights and, after {@link #fit}, the result
     * @param replicas builds the executors' copies of the architecture (serializable; see {@link ModelFactory})
     * @param optimizer the driver's optimizer over {@code model.parameters()}
     * @param loss {@code (outputs, labels) → mean loss}, e.g. {@code Losses::crossEntropy}
     */
    public static Builder builder(Module model, ModelFactory replicas, Optimizer optimizer, SparkLoss loss) {
        return new Builder(model, replicas, optimizer, loss);
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** What the last {@link #fit} sent over the network and its time per step; null before the first fit. */
    public Communication communication() {
        return communication;
    }

    /** Trains on a local data set, distributed for the run (see {@link #fit(Dataset, Dataset)}). */
    public History fit(Dataset train) {
        return fit(train, null);
    }

    /**
     * Trains on local data sets: each is cut into the builder's number of partitions (default: the session's
     * default parallelism, the cores of {@code local[*]}) as an {@link ExampleSet} for the run, then freed.
     */
    public History fit(Dataset train, Dataset dev) {
        checkNotNull(train, "SparkTrainer.fit: train is null");
        checkArgument(settings.earlyStopping() == null || dev != null,
                "SparkTrainer.fit: early stopping (%s) needs a dev set", settings.earlyStopping());
        SparkSession session = session();
        int p = partitions > 0 ? partitions : session.sparkContext().defaultParallelism();
        ExampleSet trainSet = ExampleSet.of(session, train, p);
        ExampleSet devSet = null;
        try {
            devSet = dev == null ? null : ExampleSet.of(session, dev, p);
            return fit(trainSet, devSet);
        } finally {
            trainSet.unpersist();
            if (devSet != null) {
                devSet.unpersist();
            }
        }
    }

    /** Trains on {@code train} without a dev set. */
    public History fit(ExampleSet train) {
        return fit(train, null);
    }

    /**
     * Trains for the configured epochs (or until early stopping, divergence or a callback stops it), resuming from
     * the builder's checkpoint if one was given.
     *
     * @param train the training set, in Spark
     * @param dev the dev set evaluated after every epoch, or null
     * @return the per-epoch history; the model holds the best dev epoch's weights if early stopping restored them,
     *     else the last epoch's, and is left in evaluation mode
     */
    public History fit(ExampleSet train, ExampleSet dev) {
        checkNotNull(train, "SparkTrainer.fit: train is null");
        checkArgument(settings.earlyStopping() == null || dev != null,
                "SparkTrainer.fit: early stopping (%s) needs a dev set", settings.earlyStopping());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(train.shards().context());
        WorkerSetup setup = setup(metricFor(train));
        BatchPlan plan = new BatchPlan(train.size(), settings.batchSize(), settings.shuffle(), settings.seed(),
                settings.dropLast());
        int perEpoch = plan.numBatches();
        long[] runKey = TrainingCheckpoint.runKey(train.size(), settings.batchSize(), settings.seed(),
                settings.shuffle(), settings.dropLast(), stepsPerRound);
        History.Recorder recorder = History.recorder();
        long step = resumeFrom == null ? 0 : resume(sc, runKey, perEpoch, recorder);
        long firstStep = step;
        EarlyStopping.Monitor monitor = settings.earlyStopping() == null ? null : settings.earlyStopping().start();
        StopReason reason = StopReason.COMPLETED;
        try (Rounds rounds = new Rounds(sc, setup, aggregationDepth)) {
            for (int epoch = (int) (step / perEpoch); epoch < settings.epochs() && reason == StopReason.COMPLETED;
                    epoch++) {
                if (settings.schedules(ScheduleUnit.EPOCH)) {
                    optimizer.setLearningRate(settings.schedule().rate(epoch + 1));
                }
                EpochTally run = new EpochTally();
                long start = System.nanoTime();
                boolean checkpointAfterEpoch = false;
                EpochRecord record;
                try (Progress progress = settings.progress(epoch, plan.examplesPerEpoch())) {
                    model.train();
                    int t = (int) (step - (long) epoch * perEpoch);
                    if (t > 0) {
                        progress.step(Math.min(t * settings.batchSize(), plan.examplesPerEpoch()), Double.NaN); // resumed
                    }
                    while (t < perEpoch && !run.isDiverged()) {
                        int[][] batches = new int[Math.min(stepsPerRound, perEpoch - t)][];
                        for (int i = 0; i < batches.length; i++) {
                            batches[i] = plan.batch(epoch, t + i);
                        }
                        List<StepOutcome> outcomes = localOptimizer == null
                                ? List.of(synchronousStep(rounds, train, batches[0], step))
                                : averagingRound(rounds, train, batches, step);
                        long before = step;
                        for (StepOutcome o : outcomes) {
                            run.beforeStep(o.learningRate());
                            if (o.diverged()) {
                                run.diverged();
                                break;
                            }
                            run.add(o.size(), o.loss(), o.metric(), o.penalty());
                            for (Callback c : settings.callbacks()) {
                                c.onStepEnd(step, o.loss());
                            }
                            step++;
                            progress.step(o.size(), run.meanLoss());
                        }
                        t += batches.length;
                        if (checkpointEvery > 0 && !run.isDiverged() && step / checkpointEvery > before / checkpointEvery) {
                            if (t < perEpoch) {
                                checkpoint(sc, step, runKey, recorder.history());
                            } else {
                                checkpointAfterEpoch = true; // with this epoch's record, so a resume starts the next
                            }
                        }
                    }
                    run.trainingTime(System.nanoTime() - start);
                    if (dev != null && !run.isDiverged()) {
                        run.dev(evaluate(rounds, dev, setup));
                    }
                    record = run.record(epoch, (System.nanoTime() - start) / 1e9);
                    progress.finish(settings.epochLine(record, setup.metric()));
                }
                recorder.add(record);
                reason = run.stopReason(record, recorder.history(), monitor, model, settings.callbacks());
                if (checkpointAfterEpoch) {
                    checkpoint(sc, step, runKey, recorder.history());
                }
            }
            communication = report(rounds, train.numPartitions(), step - firstStep);
        } finally {
            ReplicaPool.forget(runId); // the replicas of local mode live in this JVM
        }
        int restored = monitor == null ? -1 : monitor.restoreBest(model);
        model.eval();
        recorder.finish(reason, restored);
        settings.callbacks().forEach(c -> c.onTrainEnd(recorder.history()));
        return recorder.history();
    }

    /** What one optimizer step did, for the epoch's tally, the callbacks and the progress bar. */
    private record StepOutcome(int size, double loss, double metric, double penalty, double learningRate,
            boolean diverged) {}

    /**
     * One synchronous step: the partitions' gradients of their shares of {@code batch}, summed by Spark, become the
     * parameters' gradients on the driver, where the penalty's gradient is added, clipping applied and the
     * optimizer steps. No step when the cost is not finite.
     */
    private StepOutcome synchronousStep(Rounds rounds, ExampleSet train, int[] batch, long step) {
        if (settings.schedules(ScheduleUnit.STEP)) {
            optimizer.setLearningRate(settings.schedule().rate(Math.toIntExact(step + 1)));
        }
        double lr = optimizer.learningRate();
        List<Tensor> params = model.parameters();
        StepInput in = StepInput.gradient(FlatTensors.values(params, layout.dtype()),
                FlatTensors.fromTensors(model.namedBuffers()), batch);
        PartialResult sum = rounds.train(Worker.Task.GRADIENT, train.shards(), in, "step " + (step + 1));
        checkState(sum.examples[0] == batch.length, "SparkTrainer: step %s found %s of the %s examples of its batch "
                + "in the training set's partitions", step + 1, sum.examples[0], batch.length);
        double lossValue = sum.lossSums[0] / batch.length;
        double metricValue = sum.metricSums[0] / batch.length;
        Tensor cost = settings.penalty() == null ? null : checkScalar(settings.penalty().get());
        double penaltyValue = cost == null ? 0 : cost.item();
        if (!Double.isFinite(lossValue) || !Double.isFinite(penaltyValue)) {
            return new StepOutcome(batch.length, lossValue, metricValue, penaltyValue, lr, true);
        }
        optimizer.zeroGrad();
        FlatTensors.setGradients(sum.vector, params, sum.reached);
        if (cost != null) {
            cost.backward();
        }
        if (!Double.isNaN(clipNorm)) {
            GradClip.clipGradNorm(params, clipNorm);
        }
        optimizer.step();
        if (sum.buffers != null) {
            FlatTensors.loadTensors(sum.buffers.averages(), model.namedBuffers());
        }
        return new StepOutcome(batch.length, lossValue, metricValue, penaltyValue, lr, false);
    }

    /**
     * One round of parameter averaging over {@code batches.length} steps: the partitions' local steps, then the
     * driver's model and optimizer take the example-weighted averages of the partitions' parameters, buffers and
     * optimizer states. Nothing is applied if a local step's loss was not finite.
     */
    private List<StepOutcome> averagingRound(Rounds rounds, ExampleSet train, int[][] batches, long step) {
        double[] rates = new double[batches.length];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = settings.schedules(ScheduleUnit.STEP)
                    ? settings.schedule().rate(Math.toIntExact(step + i + 1)) : Double.NaN;
        }
        List<Tensor> params = model.parameters();
        StepInput in = StepInput.round(FlatTensors.values(params, layout.dtype()),
                FlatTensors.fromTensors(model.namedBuffers()), batches, FlatTensors.fromArrays(optimizer.stateDict()),
                rates);
        PartialResult sum = rounds.train(Worker.Task.LOCAL_ROUND, train.shards(), in,
                "the round of steps " + (step + 1) + ".." + (step + batches.length));
        List<StepOutcome> outcomes = new ArrayList<>();
        boolean diverged = false;
        for (int i = 0; i < batches.length && !diverged; i++) {
            double lossValue = sum.lossSums[i] / sum.examples[i];
            diverged = sum.examples[i] < batches[i].length || !Double.isFinite(lossValue);
            outcomes.add(new StepOutcome(batches[i].length, lossValue, sum.metricSums[i] / sum.examples[i], 0,
                    Double.isNaN(rates[i]) ? optimizer.learningRate() : rates[i], diverged));
        }
        if (diverged) {
            return List.of(outcomes.get(outcomes.size() - 1)); // the round is discarded: no step counts
        }
        FlatTensors.load(sum.vector.scale(1 / sum.vectorWeight), params);
        if (sum.buffers != null) {
            FlatTensors.loadTensors(sum.buffers.averages(), model.namedBuffers());
        }
        optimizer.loadStateDict(FlatTensors.toArrays(sum.optimizerState.averages()));
        return outcomes;
    }

    private static Tensor checkScalar(Tensor t) {
        checkState(t != null && t.size() == 1, "SparkTrainer: the penalty must be a scalar, got %s",
                t == null ? "null" : Arrays.toString(t.shape()));
        return t;
    }

    /**
     * The model's mean loss and metric on {@code data}, in evaluation mode and without recording gradients, computed
     * partition by partition in batches of the evaluation batch size.
     */
    public Evaluation evaluate(ExampleSet data) {
        checkNotNull(data, "SparkTrainer.evaluate: data is null");
        WorkerSetup setup = setup(metricFor(data));
        try (Rounds rounds = new Rounds(JavaSparkContext.fromSparkContext(data.shards().context()), setup,
                aggregationDepth)) {
            return evaluate(rounds, data, setup);
        } finally {
            ReplicaPool.forget(runId);
        }
    }

    /** The evaluation of a local data set, distributed for the purpose (see {@link #evaluate(ExampleSet)}). */
    public Evaluation evaluate(Dataset data) {
        checkNotNull(data, "SparkTrainer.evaluate: data is null");
        SparkSession session = session();
        ExampleSet set = ExampleSet.of(session, data,
                partitions > 0 ? partitions : session.sparkContext().defaultParallelism());
        try {
            return evaluate(set);
        } finally {
            set.unpersist();
        }
    }

    private Evaluation evaluate(Rounds rounds, ExampleSet data, WorkerSetup setup) {
        StepInput in = StepInput.evaluation(FlatTensors.values(model.parameters(), layout.dtype()),
                FlatTensors.fromTensors(model.namedBuffers()), settings.evalBatchSize());
        PartialResult sum = rounds.evaluate(data.shards(), in, "an evaluation");
        long n = sum.examples[0];
        return new Evaluation(sum.lossSums[0] / n, setup.metric() == null ? Double.NaN : sum.metricSums[0] / n,
                Math.toIntExact(n));
    }

    /**
     * Evaluates {@code train} and {@code dev} and compares their errors ({@code 1 − accuracy}) with
     * {@code baseError}, as {@link Trainer#diagnose} does.
     */
    public BiasVarianceDiagnosis diagnose(ExampleSet train, ExampleSet dev, double baseError) {
        Evaluation onTrain = evaluate(train);
        Evaluation onDev = evaluate(dev);
        checkState(!Double.isNaN(onTrain.metric()), "SparkTrainer.diagnose: needs an accuracy metric, got none");
        return BiasVarianceDiagnosis.of(onTrain.error(), onDev.error(), baseError);
    }

    private WorkerSetup setup(Metric m) {
        return new WorkerSetup(runId, replicas, layout, loss, m, localOptimizer, clipNorm);
    }

    private Metric metricFor(ExampleSet data) {
        return settings.metricFor(data.isClassification());
    }

    private SparkSession session() {
        return spark != null ? spark : EmbeddedSpark.session(master);
    }

    private Communication report(Rounds rounds, int trainPartitions, long steps) {
        try {
            return rounds.report(trainPartitions, steps);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void checkpoint(JavaSparkContext sc, long step, long[] runKey, History history) {
        new TrainingCheckpoint(step, runKey, List.copyOf(history.epochs()), model.stateDict(), optimizer.stateDict())
                .write(checkpointDirectory, sc.hadoopConfiguration());
    }

    /**
     * Loads the model, the optimizer and the history of the completed epochs from the checkpoint; returns its step.
     * The model is left unchanged if the optimizer's state does not load.
     */
    private long resume(JavaSparkContext sc, long[] runKey, int perEpoch, History.Recorder recorder) {
        TrainingCheckpoint c = TrainingCheckpoint.read(resumeFrom, sc.hadoopConfiguration());
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < runKey.length; i++) {
            if (c.run()[i] != runKey[i]) {
                differences.add(TrainingCheckpoint.RUN_FIELDS.get(i) + " " + c.run()[i] + " there, " + runKey[i]
                        + " here");
            }
        }
        checkArgument(differences.isEmpty(), "SparkTrainer: the checkpoint %s was written by a run with other batches "
                + "(%s); it can only be resumed with the same data set size and batch options", resumeFrom,
                String.join(", ", differences));
        long epochsDone = c.step() / perEpoch;
        checkArgument(c.history().size() == epochsDone, "SparkTrainer: the checkpoint %s at step %s (epoch %s of "
                + "%s steps) holds %s epoch records", resumeFrom, c.step(), epochsDone, perEpoch, c.history().size());
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> before = model.stateDict();
        model.loadStateDict(c.model());
        try {
            optimizer.loadStateDict(c.optimizer());
        } catch (RuntimeException e) {
            model.loadStateDict(before);
            throw e;
        }
        c.history().forEach(recorder::add);
        return c.step();
    }

    @Override
    public String toString() {
        return "SparkTrainer[" + model.getClass().getSimpleName() + ", " + optimizer + ", "
                + (localOptimizer == null ? "synchronous" : "parameter averaging every " + stepsPerRound + " steps")
                + ", " + settings.epochs() + " epochs of batches of " + settings.batchSize() + "]";
    }

    /**
     * Configures a {@link SparkTrainer}: {@link Trainer}'s options ({@link TrainingOptions}; the batch size is the
     * global one, summed over partitions; a penalty needs synchronous training; after a resume, early stopping counts
     * its patience from the resumed epoch) and Spark's.
     */
    public static final class Builder extends TrainingOptions<Builder> {
        private final Module model;
        private final ModelFactory replicas;
        private final Optimizer optimizer;
        private final SparkLoss loss;
        private SparkSession spark;
        private String master;
        private int partitions;
        private int aggregationDepth = 2;
        private int stepsPerRound = 1;
        private OptimizerFactory localOptimizer;
        private double clipNorm = Double.NaN;
        private String checkpointDirectory;
        private int checkpointEvery;
        private String resumeFrom;

        private Builder(Module model, ModelFactory replicas, Optimizer optimizer, SparkLoss loss) {
            super("SparkTrainer");
            this.model = checkNotNull(model, "SparkTrainer: model is null");
            this.replicas = checkNotNull(replicas, "SparkTrainer: model factory is null");
            this.optimizer = checkNotNull(optimizer, "SparkTrainer: optimizer is null");
            this.loss = checkNotNull(loss, "SparkTrainer: loss is null");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The metric reported beside the loss. It is computed on the executors, so it must be serializable, as
         * {@link Accuracy} is; null for none.
         */
        @Override
        public Builder metric(Metric metric) {
            checkArgument(metric == null || metric instanceof Serializable, "SparkTrainer: the metric %s must be "
                    + "Serializable to travel to the executors", metric);
            return super.metric(metric);
        }

        /** The Spark session that local data sets are distributed in (default: see {@link #master}). */
        public Builder spark(SparkSession spark) {
            this.spark = checkNotNull(spark, "SparkTrainer: spark is null");
            return this;
        }

        /**
         * The master URL of the session started when none is given: {@code local[4]}, {@code spark://host:7077},
         * {@code yarn}, {@code k8s://...}. Default: the running session, else {@code spark.master} (spark-submit's),
         * else {@code local[*]}.
         */
        public Builder master(String master) {
            this.master = checkNotNull(master, "SparkTrainer: master is null");
            return this;
        }

        /** Partitions to cut local data sets into (default: the session's default parallelism). */
        public Builder partitions(int partitions) {
            checkArgument(partitions >= 1, "SparkTrainer: partitions must be >= 1, got %s", partitions);
            this.partitions = partitions;
            return this;
        }

        /**
         * The depth of Spark's aggregation tree (default 2): with {@code P} partitions the driver receives about
         * {@code P^(1/depth)} partial sums per step, the executors combine the rest.
         */
        public Builder aggregationDepth(int depth) {
            checkArgument(depth >= 1, "SparkTrainer: aggregation depth must be >= 1, got %s", depth);
            this.aggregationDepth = depth;
            return this;
        }

        /**
         * Parameter averaging instead of synchronous steps: every {@code everySteps} steps the partitions' replicas,
         * each stepped by its own {@code localOptimizer} on its shares of the mini-batches, are averaged (weighted by
         * the examples they trained on), parameters, buffers and optimizer state alike. The local optimizer must be
         * of the driver optimizer's kind; learning-rate schedules still apply per epoch or per step.
         */
        public Builder parameterAveraging(int everySteps, OptimizerFactory localOptimizer) {
            checkArgument(everySteps >= 1, "SparkTrainer: parameter averaging every %s steps; it must be >= 1",
                    everySteps);
            this.localOptimizer = checkNotNull(localOptimizer, "SparkTrainer: local optimizer factory is null");
            this.stepsPerRound = everySteps;
            return this;
        }

        /**
         * Clips the global gradient norm to {@code maxNorm} before each step ({@link GradClip#clipGradNorm}): of the
         * summed gradient on the driver, or of each local step's gradient in parameter averaging.
         */
        public Builder clipGradNorm(double maxNorm) {
            checkArgument(maxNorm > 0 && Double.isFinite(maxNorm), "SparkTrainer: maxNorm must be > 0, got %s",
                    maxNorm);
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * Writes a checkpoint (model, optimizer, step, epoch records) every {@code everySteps} steps into
         * {@code directory}: a local folder, or any Hadoop file system URI ({@code hdfs://}, {@code s3a://} with
         * hadoop-aws on the classpath) that a restarted driver can read. The newest two are kept.
         */
        public Builder checkpoint(String directory, int everySteps) {
            checkArgument(everySteps >= 1, "SparkTrainer: checkpoint every %s steps; it must be >= 1", everySteps);
            this.checkpointDirectory = checkNotNull(directory, "SparkTrainer: checkpoint directory is null");
            this.checkpointEvery = everySteps;
            return this;
        }

        /**
         * Continues a run from a checkpoint: {@code location} is a checkpoint file or a checkpoint directory (its
         * newest is used). {@link #fit} loads the model, the optimizer and the epoch records and goes on from the
         * step after it, with the batches the interrupted run would have had; the data set and batch options must
         * be the same. The resumed epoch's record covers the steps after the resume.
         */
        public Builder resumeFrom(String location) {
            this.resumeFrom = checkNotNull(location, "SparkTrainer: resume location is null");
            return this;
        }

        /**
         * Checks the configuration — among others that the factory builds the model's architecture (on a separate
         * thread, so that the caller's random generator is not advanced) — and builds the trainer.
         */
        public SparkTrainer build() {
            checkOptimizerOwns(model, optimizer);
            ModelLayout layout = ModelLayout.of(model);
            Module probe = buildOnOtherThread(layout);
            if (localOptimizer != null) {
                checkArgument(settings().penalty() == null, "SparkTrainer: a penalty needs synchronous training; with parameter "
                        + "averaging use the optimizer's weight decay");
                checkArgument(optimizer.params().equals(model.parameters()), "SparkTrainer: in parameter averaging "
                        + "the driver's optimizer must hold model.parameters(), in order");
                Optimizer local = localOptimizer.create(probe.parameters());
                checkArgument(local.name().equals(optimizer.name()) && local.bufferNames().equals(
                        optimizer.bufferNames()), "SparkTrainer: the local optimizer factory builds %s with buffers %s, "
                        + "the driver's optimizer is %s with %s", local.name(), local.bufferNames(),
                        optimizer.name(), optimizer.bufferNames());
            }
            return new SparkTrainer(this, layout);
        }

        private Module buildOnOtherThread(ModelLayout layout) {
            try {
                return CompletableFuture.supplyAsync(() -> {
                    Module m = replicas.create();
                    checkState(m != null, "SparkTrainer: the model factory returned null");
                    m.to(layout.dtype());
                    layout.check(m);
                    return m;
                }).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }
}
