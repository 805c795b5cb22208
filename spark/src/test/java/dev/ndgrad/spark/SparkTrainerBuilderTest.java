package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Regularization;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.SGD;
import dev.ndgrad.optim.train.EarlyStopping;
import dev.ndgrad.optim.train.Metric;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Misconfigurations are found when the trainer is built, with messages that name the problem. */
class SparkTrainerBuilderTest {

    private static final ModelFactory MLP = Fixtures.mlp(DataType.DOUBLE);

    private static SparkTrainer.Builder builder(Module model) {
        return SparkTrainer.builder(model, MLP, new Adam(model.parameters(), 0.01), Losses::crossEntropy);
    }

    @Test
    void aFactoryThatBuildsAnotherArchitectureIsRefusedNamingTheDifferences() {
        Module model = MLP.create();
        ModelFactory other = () -> new Sequential(new Linear(Fixtures.FEATURES, 16), new Linear(16, 4));
        var e = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.builder(model, other, new Adam(model.parameters(), 0.01), Losses::crossEntropy)
                        .build());
        assertTrue(e.getMessage().contains("the model factory builds Sequential, which differs from the driver's model")
                && e.getMessage().contains("parameter 2.weight DOUBLE[3, 16] is missing")
                && e.getMessage().contains("extra parameter 1.weight DOUBLE[4, 16]"), e.getMessage());
    }

    @Test
    void theFactoryIsCheckedInTheModelsDtypeWithoutAdvancingTheCallersGenerator() {
        Module model = MLP.create();
        model.to(DataType.FLOAT); // the factory builds DOUBLE: replicas are converted, as the executors do
        Random before = new Random(0);
        dev.ndgrad.autograd.DefaultGenerator.manualSeed(0);
        SparkTrainer.builder(model, () -> new Sequential(new Linear(Fixtures.FEATURES, 16), new dev.ndgrad.nn.Tanh(),
                new Linear(16, Fixtures.CLASSES)), new Adam(model.parameters(), 0.01), Losses::crossEntropy).build();
        assertEquals(before.nextGaussian(), dev.ndgrad.autograd.DefaultGenerator.get().nextGaussian(),
                "the probe replica drew its weights on another thread");
    }

    @Test
    void optionsAreCheckedWhenSet() {
        Module model = MLP.create();
        assertMessage(() -> builder(model).epochs(0), "epochs must be >= 1, got 0");
        assertMessage(() -> builder(model).batchSize(0), "batch size must be >= 1, got 0");
        assertMessage(() -> builder(model).evalBatchSize(0), "eval batch size must be >= 1, got 0");
        assertMessage(() -> builder(model).partitions(0), "partitions must be >= 1, got 0");
        assertMessage(() -> builder(model).aggregationDepth(0), "aggregation depth must be >= 1, got 0");
        assertMessage(() -> builder(model).clipGradNorm(0), "maxNorm must be > 0, got 0");
        assertMessage(() -> builder(model).checkpoint("/tmp/x", 0), "checkpoint every 0 steps; it must be >= 1");
        assertMessage(() -> builder(model).parameterAveraging(0, p -> new Adam(p, 0.01)),
                "parameter averaging every 0 steps; it must be >= 1");
        Metric local = new Metric() {
            @Override
            public String name() {
                return "local";
            }

            @Override
            public double evaluate(INDArray outputs, INDArray labels) {
                return 0;
            }
        };
        assertMessage(() -> builder(model).metric(local), "must be Serializable to travel to the executors");
        assertThrows(NullPointerException.class, () -> SparkTrainer.builder(null, MLP, null, Losses::crossEntropy));
    }

    @Test
    void parameterAveragingNeedsAMatchingLocalOptimizerAndNoPenalty() {
        Module model = MLP.create();
        assertMessage(() -> builder(model).parameterAveraging(2, p -> new SGD(p, 0.1)).build(),
                "the local optimizer factory builds SGD");
        assertMessage(() -> builder(model).penalty(() -> Regularization.l2(model, 0.1, 10))
                .parameterAveraging(2, p -> new Adam(p, 0.01)).build(), "a penalty needs synchronous training");
    }

    @Test
    void earlyStoppingNeedsADevSet() {
        Module model = MLP.create();
        SparkTrainer t = builder(model).earlyStopping(new EarlyStopping(2, 0)).build();
        assertMessage(() -> t.fit(Fixtures.classes(10, DataType.DOUBLE, 1)), "early stopping");
        assertTrue(t.toString().startsWith("SparkTrainer[Sequential, Adam("), t.toString());
    }

    @Test
    void aModelWithoutParametersOrOfMixedDtypesIsRefused() {
        Module empty = new Sequential(new dev.ndgrad.nn.Tanh());
        assertMessage(() -> SparkTrainer.builder(empty, () -> new Sequential(new dev.ndgrad.nn.Tanh()),
                new SGD(java.util.List.of(Tensor.zeros(DataType.DOUBLE, 1).requiresGrad(true)), 0.1),
                Losses::crossEntropy).build(), "has no parameters to train");
        Module mixed = new Sequential(new Linear(2, 2, true, DataType.FLOAT, 1), new Linear(2, 2, true, DataType.DOUBLE,
                2));
        assertMessage(() -> SparkTrainer.builder(mixed, () -> mixed, new SGD(mixed.parameters(), 0.1),
                Losses::crossEntropy).build(), "must share one dtype");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
