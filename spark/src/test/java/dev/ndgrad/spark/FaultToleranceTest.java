package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.Adam;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Spark's task retries make a failed partition invisible in the result. */
class FaultToleranceTest {

    private static final Dataset TRAIN = Fixtures.classes(120, DataType.DOUBLE, 5);
    private static final ModelFactory MLP = Fixtures.mlp(DataType.DOUBLE);

    /** How many more times partition 1 fails (the test JVM runs the executors, so a static reaches them). */
    private static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    /** Cross-entropy that throws in partition 1's tasks while failures are left (Spark retries a failed task). */
    private static Tensor crossEntropyFailingOnce(Tensor logits, Tensor labels) {
        TaskContext task = TaskContext.get();
        if (task != null && task.partitionId() == 1 && FAILURES_LEFT.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
            throw new IllegalStateException("injected failure in partition 1");
        }
        return Losses.crossEntropy(logits, labels);
    }

    private static Module train(int failures) {
        FAILURES_LEFT.set(failures);
        Module model = MLP.create();
        SparkTrainer.builder(model, MLP, new Adam(model.parameters(), 0.01), FaultToleranceTest::crossEntropyFailingOnce)
                .epochs(2).batchSize(24).seed(9).progressBar(false).spark(TestSpark.session()).partitions(3).build()
                .fit(TRAIN);
        return model;
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheResultIsUnchanged() {
        Module clean = train(0);
        Module retried = train(1);
        assertEquals(0, FAILURES_LEFT.get(), "the failure was injected");
        // A retry recomputes the same gradient; Spark adds the partitions' results in the order their tasks finish,
        // so two runs may differ in the last bits of a sum.
        double difference = Agreement.relativeDifference(retried, clean);
        assertTrue(difference <= 1e-12, "relative difference " + difference);
    }

    @Test
    void aTaskThatFailsEveryAttemptFailsTheStepWithAClearError() {
        var e = assertThrows(IllegalStateException.class, () -> train(Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("SparkTrainer: step 1 failed on Spark (after its task retries)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("injected failure in partition 1"), e.getMessage());
        FAILURES_LEFT.set(0);
    }
}
