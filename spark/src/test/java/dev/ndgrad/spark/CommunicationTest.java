package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.Tanh;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.SGD;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Parameters and gradients cross the network as primitive arrays: about 2 × P × width bytes per partition. */
class CommunicationTest {

    private static Communication train(DataType dtype, int partitions) {
        ModelFactory wide = () -> new Sequential(new Linear(Fixtures.FEATURES, 512, true, dtype, 1), new Tanh(),
                new Linear(512, Fixtures.CLASSES, true, dtype, 2));
        Module model = wide.create();
        Dataset data = Fixtures.classes(64, dtype, 3);
        SparkTrainer trainer = SparkTrainer.builder(model, wide, new SGD(model.parameters(), 0.1), Losses::crossEntropy)
                .epochs(1).batchSize(16).progressBar(false).spark(TestSpark.session()).partitions(partitions).build();
        trainer.fit(data);
        return trainer.communication();
    }

    @Test
    void bytesPerStepAreTheCostModelsWithinAFewPercent() {
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Communication c = train(dtype, 2);
            int width = dtype == DataType.FLOAT ? 4 : 8;
            long parameters = 8 * 512 + 512 + 512 * 3 + 3;
            assertEquals(parameters, c.parameters());
            assertEquals(width, c.width());
            assertEquals(4, c.steps());
            assertEquals(4, c.rounds());
            assertEquals(2.0 * parameters * width * 2, c.modelBytesPerStep());
            double ratio = c.bytesPerStep() / c.modelBytesPerStep();
            assertTrue(ratio >= 1 && ratio < 1.15, dtype + ": " + c + " (ratio " + ratio + ")");
            assertTrue(c.broadcastBytes() / c.rounds() >= parameters * width, "one parameter vector per broadcast");
            assertTrue(c.resultBytes() / (c.rounds() * 2) >= parameters * width, "one gradient per task");
            assertTrue(c.secondsPerStep() > 0);
        }
    }
}
