package dev.ndgrad.optim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Datasets;
import dev.ndgrad.nn.data.Splits;
import dev.ndgrad.nn.data.TrainDevTest;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The whole pipeline on real data: bundled CSV → stratified train/dev/test split → standardization fitted on the
 * training set → mini-batch training with early stopping → test accuracy and a bias/variance reading. Each runs in
 * a few seconds.
 */
class EndToEndTrainingTest {

    private static Optimizer adam(Module model, double learningRate) {
        return new Adam(model.parameters(), learningRate);
    }

    @Test
    void logisticRegressionOnBreastCancerReaches95PercentTestAccuracy() {
        TrainDevTest data = Splits.stratifiedTrainDevTest(Datasets.breastCancer(), 0.6, 0.2, 0.2, 8).standardized();
        Linear model = new Linear(30, 1, true, DataType.FLOAT, 1);
        // ŷ = σ(x·wᵀ + b) with the logistic loss on the logit; labels 0/1 become a float column
        Trainer trainer = Trainer.builder(model, adam(model, 0.05),
                        (z, y) -> Losses.binaryCrossEntropyWithLogits(z, y.to(DataType.FLOAT).reshape(-1, 1)))
                .metric(Accuracy.binaryFromLogits()).epochs(40).batchSize(64).seed(8).progressBar(false)
                .earlyStopping(new EarlyStopping(5, 1e-4)).build();
        long start = System.nanoTime();
        History history = trainer.fit(data.train(), data.dev());
        Evaluation test = trainer.evaluate(data.test());
        BiasVarianceDiagnosis diagnosis = trainer.diagnose(data.train(), data.dev(), 0.0);
        report("logistic regression / breast_cancer", history, test, diagnosis, start);

        assertTrue(test.metric() >= 0.95, "test accuracy " + test.metric() + "\n" + history);
        assertEquals(data.test().size(), test.examples());
        assertTrue(history.last().trainMetric() > 0.95, history.toString());
    }

    @Test
    void anMlpOnDigitsReaches95PercentTestAccuracy() {
        TrainDevTest data = Splits.stratifiedTrainDevTest(Datasets.digits(), 0.6, 0.2, 0.2, 11).standardized();
        Module model = new Sequential(new Linear(64, 128, true, DataType.FLOAT, 11), new ReLU(),
                new Linear(128, 10, true, DataType.FLOAT, 12));
        Trainer trainer = Trainer.builder(model, adam(model, 0.01), Losses::crossEntropy)
                .epochs(25).batchSize(64).seed(11).progressBar(false)
                .earlyStopping(new EarlyStopping(4, 1e-4)).build();
        long start = System.nanoTime();
        History history = trainer.fit(data.train(), data.dev());
        Evaluation test = trainer.evaluate(data.test());
        BiasVarianceDiagnosis diagnosis = trainer.diagnose(data.train(), data.dev(), 0.0);
        report("MLP 64-128-10 / digits", history, test, diagnosis, start);

        assertTrue(test.metric() >= 0.95, "test accuracy " + test.metric() + "\n" + history);
        assertTrue(history.trainLosses()[history.size() - 1] < history.trainLosses()[0], history.toString());
    }

    private static void report(String what, History h, Evaluation test, BiasVarianceDiagnosis d, long start) {
        System.out.printf("%s: %d epochs (%s, best %d), test accuracy %.4f, %.0f ex/s, %.2f s; %s%n", what, h.size(),
                h.stopReason(), h.bestEpoch(), test.metric(), h.last().examplesPerSecond(),
                (System.nanoTime() - start) / 1e9, d.verdict().words());
    }
}
