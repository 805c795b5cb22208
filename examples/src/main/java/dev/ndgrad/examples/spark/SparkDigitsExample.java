package dev.ndgrad.examples.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.Datasets;
import dev.ndgrad.nn.data.Splits;
import dev.ndgrad.nn.data.StandardScaler;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.Trainer;
import dev.ndgrad.spark.Agreement;
import dev.ndgrad.spark.Communication;
import dev.ndgrad.spark.EmbeddedSpark;
import dev.ndgrad.spark.ModelFactory;
import dev.ndgrad.spark.SparkTrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Data-parallel training on Spark, checked against one machine: the same 64-64-10 ReLU network, the same Adam, the
 * same seeded mini-batches of the hand-written digits, trained once by {@link Trainer} and once by
 * {@link SparkTrainer} on an embedded Spark ({@code local[*]}: the driver and one executor thread per core in this
 * JVM). The two sets of weights agree up to the order of floating-point sums; the output says by how much, and what
 * a step costs each way — time and bytes sent between driver and executors. Optionally a third run averages the
 * replicas' parameters every {@code k} steps instead of synchronising each step.
 */
public final class SparkDigitsExample {

    /**
     * What to run.
     *
     * @param master the Spark master URL, or null for spark-submit's, else {@code local[*]}
     * @param partitions partitions of the training set, 0 for Spark's default parallelism
     * @param averageEvery also train with parameter averaging every this many steps; 0 for not
     */
    public record Settings(String master, int partitions, int epochs, int batchSize, double learningRate,
            DataType dtype, int averageEvery, long seed, Path outputDir) {
        public Settings {
            checkArgument(epochs >= 1 && batchSize >= 1 && partitions >= 0 && averageEvery >= 0,
                    "spark-digits: epochs and batch size must be >= 1, partitions and averaging >= 0");
            checkArgument(dtype == DataType.FLOAT || dtype == DataType.DOUBLE, "spark-digits: FLOAT or DOUBLE, got %s",
                    dtype);
        }
    }

    /** One training run: its dev accuracy and cost. */
    public record Run(String label, double devAccuracy, double secondsPerStep, double bytesPerStep) {}

    /** Both runs (three with averaging), the agreement of the synchronous run's weights with one machine's. */
    public record Result(int steps, long parameters, int partitions, String master, double relativeDifference,
            Run oneMachine, Run spark, Run averaged, Communication communication, Path checkpoint) {}

    static final int HIDDEN = 64;

    private SparkDigitsExample() {}

    /** The network, its weights fixed by {@code seed}: the driver's copy and every executor's replica. */
    static ModelFactory network(DataType dtype, long seed) {
        return () -> new Sequential(new Linear(64, HIDDEN, true, dtype, seed), new ReLU(),
                new Linear(HIDDEN, 10, true, dtype, seed + 1));
    }

    public static Result run(Settings s, PrintStream log) {
        List<Dataset> split = Splits.stratified(Datasets.digits(), s.seed(), 0.8, 0.2);
        StandardScaler scaler = StandardScaler.fit(split.get(0));
        Dataset train = scaler.transform(split.get(0)).to(s.dtype());
        Dataset dev = scaler.transform(split.get(1)).to(s.dtype());
        ModelFactory network = network(s.dtype(), s.seed());

        Module single = network.create();
        History local = Trainer.builder(single, new Adam(single.parameters(), s.learningRate()), Losses::crossEntropy)
                .epochs(s.epochs()).batchSize(s.batchSize()).seed(s.seed()).progressBar(false).build().fit(train, dev);
        int steps = s.epochs() * ((train.size() + s.batchSize() - 1) / s.batchSize());
        Run oneMachine = new Run("one machine", local.last().devMetric(), stepSeconds(local, train.size()) / steps, 0);

        SparkSession spark = EmbeddedSpark.session(s.master());
        int partitions = s.partitions() > 0 ? s.partitions() : spark.sparkContext().defaultParallelism();
        log.printf(Locale.ROOT, "spark-digits: %d train / %d dev digits, a 64-%d-10 ReLU network (%,d parameters, %s), "
                + "Adam α = %s, %d epochs of batches of %d (%d steps); Spark %s %s, %d partition(s)%n", train.size(),
                dev.size(), HIDDEN, single.parameterCount(), s.dtype(), s.learningRate(), s.epochs(), s.batchSize(),
                steps, spark.version(), spark.sparkContext().master(), partitions);

        Module distributed = network.create();
        SparkTrainer trainer = SparkTrainer.builder(distributed, network,
                new Adam(distributed.parameters(), s.learningRate()), Losses::crossEntropy).epochs(s.epochs())
                .batchSize(s.batchSize()).seed(s.seed()).progressBar(false).spark(spark).partitions(partitions)
                .build();
        History synced = trainer.fit(train, dev);
        Communication c = trainer.communication();
        Run sparkRun = new Run("Spark, synchronous", synced.last().devMetric(), c.secondsPerStep(), c.bytesPerStep());
        double difference = Agreement.relativeDifference(distributed, single);

        Run averaged = null;
        if (s.averageEvery() > 0) {
            double lr = s.learningRate(); // the factory below travels to the executors: it captures a number only
            Module model = network.create();
            SparkTrainer averaging = SparkTrainer.builder(model, network, new Adam(model.parameters(), s.learningRate()),
                    Losses::crossEntropy).epochs(s.epochs()).batchSize(s.batchSize()).seed(s.seed()).progressBar(false)
                    .spark(spark).partitions(partitions)
                    .parameterAveraging(s.averageEvery(), params -> new Adam(params, lr)).build();
            History h = averaging.fit(train, dev);
            Communication a = averaging.communication();
            averaged = new Run("Spark, averaging every " + s.averageEvery(), h.last().devMetric(), a.secondsPerStep(),
                    a.bytesPerStep());
        }

        Path checkpoint = s.outputDir().resolve("model.npz");
        distributed.save(checkpoint);
        for (Run r : averaged == null ? List.of(oneMachine, sparkRun) : List.of(oneMachine, sparkRun, averaged)) {
            log.printf(Locale.ROOT, "  %-28s dev accuracy %5.1f %%  %8.2f ms per step%s%n", r.label(),
                    100 * r.devAccuracy(), 1e3 * r.secondsPerStep(), r.bytesPerStep() == 0 ? ""
                            : String.format(Locale.ROOT, "  %,10.0f bytes per step", r.bytesPerStep()));
        }
        log.printf(Locale.ROOT, "  cost model: 2 × %,d parameters × %d bytes × %d partitions = %,.0f bytes per "
                + "synchronous step%n", single.parameterCount(), c.width(), partitions, c.modelBytesPerStep());
        log.printf(Locale.ROOT, "spark-digits: Spark training on %s agrees with one machine: weights differ by %.1e "
                + "(relative, ≤ 1e-5 expected) after %d steps; %.2f ms per step vs %.2f ms on one machine%n",
                spark.sparkContext().master(), difference, steps, 1e3 * sparkRun.secondsPerStep(),
                1e3 * oneMachine.secondsPerStep());
        log.println("Wrote " + checkpoint.toAbsolutePath());
        return new Result(steps, single.parameterCount(), partitions, spark.sparkContext().master(), difference,
                oneMachine, sparkRun, averaged, c, checkpoint);
    }

    /** The time spent in steps, from each epoch's throughput: {@code Σ_e n / (examples/s)_e} for epochs of n. */
    private static double stepSeconds(History history, int examplesPerEpoch) {
        return history.epochs().stream().mapToDouble(r -> examplesPerEpoch / r.examplesPerSecond()).sum();
    }
}
