package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.CheckpointException;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.train.Callback;
import dev.ndgrad.optim.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** A run stopped after a checkpoint and resumed from it ends where the run that never stopped ends. */
class CheckpointTest {

    private static final Dataset TRAIN = Fixtures.classes(96, DataType.DOUBLE, 4);
    private static final Dataset DEV = Fixtures.classes(30, DataType.DOUBLE, 6);
    private static final ModelFactory MLP = Fixtures.mlp(DataType.DOUBLE);

    @TempDir
    Path dir;

    /** 96 examples in batches of 16: 6 steps an epoch, 3 epochs. */
    private static SparkTrainer.Builder trainer(Module model) {
        return SparkTrainer.builder(model, MLP, new Adam(model.parameters(), 0.01), Losses::crossEntropy).epochs(3)
                .batchSize(16).seed(8).progressBar(false).spark(TestSpark.session()).partitions(2);
    }

    /** A callback that kills the run after a given step, as a crash of the driver would. */
    private static Callback crashAfter(long step) {
        return new Callback() {
            @Override
            public void onStepEnd(long s, double loss) {
                if (s == step) {
                    throw new IllegalStateException("crash after step " + s);
                }
            }
        };
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npz")).sorted().toList();
        }
    }

    @Test
    void resumingFromAMidEpochCheckpointGivesTheUninterruptedResult() throws IOException {
        Module uninterrupted = MLP.create();
        History expected = trainer(uninterrupted).build().fit(TRAIN, DEV);

        Module crashed = MLP.create();
        SparkTrainer first = trainer(crashed).checkpoint(dir.toUri().toString(), 4).callback(crashAfter(9)).build();
        var e = assertThrows(IllegalStateException.class, () -> first.fit(TRAIN, DEV));
        assertEquals("crash after step 9", e.getMessage());
        assertEquals(List.of("checkpoint-000000000004.npz", "checkpoint-000000000008.npz"), files(),
                "written after steps 4 and 8 (counted from 1)");

        Module resumed = MLP.create();
        History history = trainer(resumed).resumeFrom(dir.toString()).build().fit(TRAIN, DEV);
        // model and Adam state continue from step 8; two runs differ at most in the order Spark adds partitions' sums
        assertTrue(Agreement.relativeDifference(resumed, uninterrupted) <= 1e-12);
        assertEquals(3, history.size());
        assertEquals(expected.epochs().get(0).trainLoss(), history.epochs().get(0).trainLoss(), 1e-12,
                "epoch 0's record comes from the checkpoint");
        assertArrayEquals(expected.devLosses(), history.devLosses(), 1e-12);
    }

    @Test
    void aCheckpointAtTheEndOfAnEpochResumesWithTheNextEpoch() throws IOException {
        Module uninterrupted = MLP.create();
        trainer(uninterrupted).build().fit(TRAIN, DEV);
        Module crashed = MLP.create();
        SparkTrainer first = trainer(crashed).checkpoint(dir.toString(), 6).callback(crashAfter(7)).build();
        assertThrows(IllegalStateException.class, () -> first.fit(TRAIN, DEV));
        assertEquals(List.of("checkpoint-000000000006.npz"), files());

        Module resumed = MLP.create();
        History history = trainer(resumed).resumeFrom(dir.resolve("checkpoint-000000000006.npz").toString()).build()
                .fit(TRAIN, DEV);
        assertEquals(3, history.size());
        assertTrue(Agreement.relativeDifference(resumed, uninterrupted) <= 1e-12);
    }

    @Test
    void onlyTheNewestTwoCheckpointsAreKept() throws IOException {
        Module model = MLP.create();
        trainer(model).checkpoint(dir.toString(), 5).build().fit(TRAIN);
        assertEquals(List.of("checkpoint-000000000010.npz", "checkpoint-000000000015.npz"), files());
    }

    @Test
    void aCheckpointOfOtherBatchesOrNoCheckpointIsAClearError() {
        Module model = MLP.create();
        trainer(model).checkpoint(dir.toString(), 6).epochs(1).build().fit(TRAIN);
        var other = assertThrows(IllegalArgumentException.class,
                () -> trainer(MLP.create()).batchSize(32).resumeFrom(dir.toString()).build().fit(TRAIN));
        assertTrue(other.getMessage().contains("batch size 16 there, 32 here"), other.getMessage());

        var none = assertThrows(CheckpointException.class,
                () -> trainer(MLP.create()).resumeFrom(dir.resolve("empty").toString()).build().fit(TRAIN));
        assertTrue(none.getMessage().contains("empty"), none.getMessage());
    }
}
