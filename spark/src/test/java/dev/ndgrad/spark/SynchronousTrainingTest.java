package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Regularization;
import dev.ndgrad.nn.data.Batch;
import dev.ndgrad.nn.data.DataLoader;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.GradClip;
import dev.ndgrad.optim.Optimizer;
import dev.ndgrad.optim.SGD;
import dev.ndgrad.optim.Schedules;
import dev.ndgrad.optim.train.EarlyStopping;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Synchronous data-parallel training equals one-machine training on the same batches, up to the order of
 * floating-point sums: the partitions' gradients of their shares, weighted by their share of the batch, sum to the
 * batch's gradient.
 */
class SynchronousTrainingTest {

    private static final Dataset TRAIN = Fixtures.classes(160, DataType.DOUBLE, 1);
    private static final Dataset DEV = Fixtures.classes(40, DataType.DOUBLE, 2);
    private static final ModelFactory MLP = Fixtures.mlp(DataType.DOUBLE);

    /** 160 examples in batches of 16 for 5 epochs: 50 Adam steps. */
    @ParameterizedTest(name = "{0} partition(s)")
    @ValueSource(ints = {1, 2, 4})
    void fiftyAdamStepsInDoubleMatchOneMachine(int partitions) {
        Module single = MLP.create();
        History expected = Trainer.builder(single, new Adam(single.parameters(), 0.01), Losses::crossEntropy)
                .epochs(5).batchSize(16).seed(7).progressBar(false).build().fit(TRAIN, DEV);

        Module model = MLP.create();
        SparkTrainer trainer = SparkTrainer.builder(model, MLP, new Adam(model.parameters(), 0.01),
                Losses::crossEntropy).epochs(5).batchSize(16).seed(7).progressBar(false).spark(TestSpark.session())
                .partitions(partitions).build();
        History history = trainer.fit(TRAIN, DEV);

        double difference = Agreement.relativeDifference(model, single);
        assertTrue(difference <= 1e-10, "relative difference " + difference + " after 50 steps");
        assertEquals(50, trainer.communication().steps());
        assertEquals(partitions, trainer.communication().partitions());
        assertArrayEquals(expected.trainLosses(), history.trainLosses(), 1e-10);
        assertArrayEquals(expected.devLosses(), history.devLosses(), 1e-10);
        assertArrayEquals(expected.trainMetrics(), history.trainMetrics(), 1e-12);
        assertArrayEquals(expected.devMetrics(), history.devMetrics(), 1e-12);
        assertFalse(model.isTraining(), "left in evaluation mode, as Trainer leaves it");
    }

    @Test
    void oneFloatPartitionIsBitForBitOneMachine() {
        Dataset train = Fixtures.classes(100, DataType.FLOAT, 3);
        ModelFactory mlp = Fixtures.mlp(DataType.FLOAT);
        Module single = mlp.create();
        Trainer.builder(single, new Adam(single.parameters(), 0.01), Losses::crossEntropy).epochs(2).batchSize(16)
                .seed(5).progressBar(false).build().fit(train);
        Module model = mlp.create();
        SparkTrainer.builder(model, mlp, new Adam(model.parameters(), 0.01), Losses::crossEntropy).epochs(2)
                .batchSize(16).seed(5).progressBar(false).spark(TestSpark.session()).partitions(1).build().fit(train);
        assertEquals(0.0, Agreement.relativeDifference(model, single), "same batches, same order, same arithmetic");
    }

    @Test
    void aScheduleAPenaltyAndEarlyStoppingActAsOnOneMachine() {
        Module single = MLP.create();
        History expected = Trainer.builder(single, new SGD(single.parameters(), 0.5), Losses::crossEntropy)
                .epochs(12).batchSize(32).seed(3).progressBar(false)
                .schedule(Schedules.inverseTimeDecay(0.5, 1.0))
                .penalty(() -> Regularization.l2(single, 0.7, TRAIN.size()))
                .earlyStopping(new EarlyStopping(2, 0)).build().fit(TRAIN, DEV);

        Module model = MLP.create();
        History history = SparkTrainer.builder(model, MLP, new SGD(model.parameters(), 0.5), Losses::crossEntropy)
                .epochs(12).batchSize(32).seed(3).progressBar(false).spark(TestSpark.session()).partitions(3)
                .schedule(Schedules.inverseTimeDecay(0.5, 1.0))
                .penalty(() -> Regularization.l2(model, 0.7, TRAIN.size()))
                .earlyStopping(new EarlyStopping(2, 0)).build().fit(TRAIN, DEV);

        assertEquals(expected.stopReason(), history.stopReason());
        assertEquals(expected.size(), history.size());
        assertEquals(expected.restoredEpoch(), history.restoredEpoch());
        assertArrayEquals(expected.learningRates(), history.learningRates(), 1e-15);
        assertArrayEquals(expected.epochs().stream().mapToDouble(r -> r.penalty()).toArray(),
                history.epochs().stream().mapToDouble(r -> r.penalty()).toArray(), 1e-10);
        assertTrue(Agreement.relativeDifference(model, single) <= 1e-10);
    }

    /** Clipping acts on the summed gradient, as it would on one machine's: compared with a hand-written loop. */
    @Test
    void clippingClipsTheGlobalGradient() {
        Module single = MLP.create();
        Optimizer sgd = new SGD(single.parameters(), 0.3);
        DataLoader loader = DataLoader.shuffled(TRAIN, 16, 4);
        List<Double> norms = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (Batch b : loader.epoch(epoch)) {
                sgd.zeroGrad();
                Losses.crossEntropy(single.forward(b.features()), b.labels()).backward();
                norms.add(GradClip.clipGradNorm(single.parameters(), 0.05));
                sgd.step();
            }
        }
        assertTrue(norms.stream().allMatch(n -> n > 0.05), "the clip is active at every step: " + norms);

        Module model = MLP.create();
        SparkTrainer.builder(model, MLP, new SGD(model.parameters(), 0.3), Losses::crossEntropy).epochs(2)
                .batchSize(16).seed(4).clipGradNorm(0.05).progressBar(false).spark(TestSpark.session())
                .partitions(2).build().fit(TRAIN);
        assertTrue(Agreement.relativeDifference(model, single) <= 1e-10);
    }

    @Test
    void aParameterTheBackwardDoesNotReachKeepsNoGradientAsOnOneMachine() {
        // The second head gets no gradient: Adam must skip it (its state stays empty), not step it with zeros.
        ModelFactory twoHeads = TwoHeads::new;
        Module model = twoHeads.create();
        Optimizer adam = new Adam(model.parameters(), 0.05);
        SparkTrainer.builder(model, twoHeads, adam, Losses::crossEntropy).epochs(1).batchSize(40).seed(1)
                .progressBar(false).spark(TestSpark.session()).partitions(2).build().fit(TRAIN);
        Module fresh = twoHeads.create();
        assertArrayEquals(fresh.namedParameters().get("unused.weight").toDoubleArray(),
                model.namedParameters().get("unused.weight").toDoubleArray(), "never stepped");
        assertFalse(adam.stateDict().containsKey("state.2.step"), adam.stateDict().keySet().toString());
        assertTrue(adam.stateDict().containsKey("state.0.step"));
    }

    /** A head that is used and one that is not. */
    static final class TwoHeads extends Module {
        private final dev.ndgrad.nn.Linear used = child("used", new dev.ndgrad.nn.Linear(Fixtures.FEATURES,
                Fixtures.CLASSES, true, DataType.DOUBLE, 1));
        private final dev.ndgrad.nn.Linear unused = child("unused", new dev.ndgrad.nn.Linear(Fixtures.FEATURES,
                Fixtures.CLASSES, true, DataType.DOUBLE, 2));

        @Override
        public Tensor forward(Tensor x) {
            return used.forward(x);
        }
    }
}
