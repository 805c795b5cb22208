package dev.ndgrad.spark;

import java.io.NotSerializableException;
import java.util.UUID;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The driver's side of the Spark jobs of one fit: each round broadcasts a {@link StepInput}, runs a
 * {@link Worker.Task} on every partition and sums the partitions' results with {@code treeAggregate}, whose tree
 * of depth {@code d} has the driver receive about {@code P^(1/d)} partial sums instead of {@code P}. Training
 * rounds carry a job tag so that a {@link CommunicationMeter} counts their bytes.
 */
final class Rounds implements AutoCloseable {

    private static final ClassTag<StepInput> STEP_INPUT = ClassTag$.MODULE$.apply(StepInput.class);

    private final JavaSparkContext sc;
    private final WorkerSetup setup;
    private final int depth;
    private final CommunicationMeter meter;
    private long rounds;
    private long broadcastBytes;
    private long nanos;

    Rounds(JavaSparkContext sc, WorkerSetup setup, int depth) {
        this.sc = sc;
        this.setup = setup;
        this.depth = depth;
        this.meter = new CommunicationMeter("ndgrad-" + UUID.randomUUID());
        sc.sc().addSparkListener(meter);
    }

    /** One training round ({@link Worker.Task#GRADIENT} or {@link Worker.Task#LOCAL_ROUND}), measured. */
    PartialResult train(Worker.Task task, JavaRDD<Shard> shards, StepInput in, String what) {
        long start = System.nanoTime();
        broadcastBytes += serializedSize(in);
        sc.sc().addJobTag(meter.tag());
        try {
            return aggregate(task, shards, in, what);
        } finally {
            sc.sc().removeJobTag(meter.tag());
            rounds++;
            nanos += System.nanoTime() - start;
        }
    }

    /** An evaluation pass (not counted in the communication of training). */
    PartialResult evaluate(JavaRDD<Shard> shards, StepInput in, String what) {
        return aggregate(Worker.Task.EVALUATE, shards, in, what);
    }

    private PartialResult aggregate(Worker.Task task, JavaRDD<Shard> shards, StepInput in, String what) {
        Broadcast<StepInput> input = sc.broadcast(in);
        WorkerSetup s = setup;
        int steps = Math.max(in.steps(), 1);
        try {
            return shards.treeAggregate(PartialResult.empty(steps),
                    (sum, shard) -> sum.merge(Worker.run(task, shard, input.value(), s)),
                    PartialResult::merge, depth);
        } catch (Exception e) { // SparkException is checked but undeclared in the Scala API
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof NotSerializableException missing) {
                    throw new IllegalStateException("SparkTrainer: " + what + " cannot be shipped to the executors: "
                            + missing.getMessage() + " is not serializable; the model factory, loss, metric and "
                            + "optimizer factory must capture only serializable values (numbers, strings, ...)", e);
                }
            }
            if (e instanceof SparkException) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("SparkTrainer: " + what + " failed on Spark (after its task retries): "
                        + cause, e);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("SparkTrainer: " + what + " failed: " + e, e);
        } finally {
            input.destroy();
        }
    }

    /** The bytes Spark's serializer makes of a broadcast value (what every executor fetches). */
    private static long serializedSize(StepInput in) {
        return SparkEnv.get().serializer().newInstance().serialize(in, STEP_INPUT).remaining();
    }

    /**
     * What the training rounds so far sent; waits (up to 10 s) for Spark to deliver the last task metrics.
     *
     * @param steps the optimizer steps the rounds ran
     */
    Communication report(int partitions, long steps) throws InterruptedException {
        meter.awaitJobs(rounds, 10_000);
        return new Communication(partitions, steps, rounds, setup.layout().parameterCount(),
                PrimitiveVector.width(setup.layout().dtype()), broadcastBytes, meter.resultBytes(),
                meter.shuffleBytes(), nanos / 1e9);
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(meter);
    }
}
