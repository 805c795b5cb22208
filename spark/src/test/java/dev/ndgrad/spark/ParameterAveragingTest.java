package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.SGD;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ParameterAveragingTest {

    private static final Dataset TRAIN = Fixtures.classes(160, DataType.DOUBLE, 1);
    private static final ModelFactory MLP = Fixtures.mlp(DataType.DOUBLE);

    /**
     * Averaging after every step of plain SGD is synchronous SGD: {@code Σ_p (b_p/B)(θ − α∇J_p) = θ − α∇J}, the
     * partitions' parameters weighted by their share of the batch.
     */
    @Test
    void averagingEveryStepWithSgdIsSynchronousSgd() {
        Module single = MLP.create();
        Trainer.builder(single, new SGD(single.parameters(), 0.2), Losses::crossEntropy).epochs(2).batchSize(16)
                .seed(2).progressBar(false).build().fit(TRAIN);
        Module model = MLP.create();
        SparkTrainer.builder(model, MLP, new SGD(model.parameters(), 0.2), Losses::crossEntropy).epochs(2)
                .batchSize(16).seed(2).progressBar(false).spark(TestSpark.session()).partitions(4)
                .parameterAveraging(1, params -> new SGD(params, 0.2)).build().fit(TRAIN);
        assertTrue(Agreement.relativeDifference(model, single) <= 1e-10);
    }

    /**
     * With k = 5 the replicas drift apart between averagings, so the result differs from synchronous training but
     * still learns; and the driver's optimizer holds the averaged Adam state, step count included.
     */
    @Test
    void averagingEveryFiveStepsLearnsWithAFifthOfTheRounds() {
        Module model = MLP.create();
        Adam adam = new Adam(model.parameters(), 0.02);
        SparkTrainer trainer = SparkTrainer.builder(model, MLP, adam, Losses::crossEntropy).epochs(4).batchSize(16)
                .seed(2).progressBar(false).spark(TestSpark.session()).partitions(2)
                .parameterAveraging(5, params -> new Adam(params, 0.02)).build();
        History h = trainer.fit(TRAIN);
        assertEquals(40, trainer.communication().steps());
        assertEquals(8, trainer.communication().rounds(), "one Spark job per 5 steps");
        assertTrue(h.last().trainLoss() < 0.8 * h.epochs().get(0).trainLoss(), h.toString());
        assertTrue(h.last().trainMetric() > 0.6, h.toString());
        assertEquals(40, adam.stateDict().get("state.0.step").getLong(0),
                "each partition took 5 local steps per round: the averaged step count is the run's");
    }
}
