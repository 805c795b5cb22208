package dev.ndgrad.examples.spark;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import dev.ndgrad.spark.EmbeddedSpark;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ndgrad spark-digits}: see {@link SparkDigitsExample}. */
@Command(name = "spark-digits", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Data-parallel training on Apache Spark, embedded (local[*]) by default: the digits network "
                + "trained by SparkTrainer and by one machine from the same seed, the agreement of their weights, "
                + "the time and bytes per step; optionally parameter averaging every k steps.",
                "Writes the Spark-trained model as model.npz."})
public final class SparkDigitsCommand extends ExampleCommand {

    /** The parameters' dtype. */
    enum Precision {
        FLOAT(DataType.FLOAT), DOUBLE(DataType.DOUBLE);

        final DataType dtype;

        Precision(DataType dtype) {
            this.dtype = dtype;
        }
    }

    @Option(names = "--master", paramLabel = "URL", description = "Spark master URL: local[N], spark://host:7077, "
            + "yarn, k8s://https://host:port. Default: spark-submit's --master, else " + EmbeddedSpark.DEFAULT_MASTER
            + ".")
    String master;

    @Option(names = "--partitions", defaultValue = "0", description = "Partitions of the training set "
            + "(0: Spark's default parallelism, the cores of local[*]). Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Global mini-batch size. "
            + "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.01", description = "Adam's learning rate. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--dtype", defaultValue = "DOUBLE", description = "${COMPLETION-CANDIDATES}. "
            + "Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--average-every", defaultValue = "0", paramLabel = "K", description = "Also train with "
            + "parameter averaging every K steps (0: not). Default: ${DEFAULT-VALUE}.")
    int averageEvery;

    @Override
    protected void validate(OptionCheck check) {
        check.atLeastOne("--epochs", epochs).atLeastOne("--batch-size", batchSize).positive("--lr", learningRate)
                .atLeast("--partitions", partitions, 0).atLeast("--average-every", averageEvery, 0);
    }

    @Override
    protected int run(Path out) {
        SparkDigitsExample.run(new SparkDigitsExample.Settings(master, partitions, epochs, batchSize, learningRate,
                precision.dtype, averageEvery, seed(), out), System.out);
        return 0;
    }
}
