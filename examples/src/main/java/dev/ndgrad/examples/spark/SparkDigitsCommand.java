package dev.ndgrad.examples.spark;

import dev.ndgrad.examples.ExampleOptions;
import dev.ndgrad.spark.EmbeddedSpark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.nd4j.linalg.api.buffer.DataType;

/** {@code ndgrad spark-digits}: see {@link SparkDigitsExample}. */
@Command(name = "spark-digits", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Data-parallel training on Apache Spark, embedded (local[*]) by default: the digits network "
                + "trained by SparkTrainer and by one machine from the same seed, the agreement of their weights, "
                + "the time and bytes per step; optionally parameter averaging every k steps.",
                "Writes the Spark-trained model as model.npz."})
public final class SparkDigitsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExampleOptions options;

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

    @Option(names = "--dtype", defaultValue = "DOUBLE", description = "FLOAT or DOUBLE. Default: ${DEFAULT-VALUE}.")
    String dtype;

    @Option(names = "--average-every", defaultValue = "0", paramLabel = "K", description = "Also train with "
            + "parameter averaging every K steps (0: not). Default: ${DEFAULT-VALUE}.")
    int averageEvery;

    @Override
    public Integer call() {
        ExampleOptions.requireAtLeastOne(spec, "--epochs", epochs);
        ExampleOptions.requireAtLeastOne(spec, "--batch-size", batchSize);
        if (partitions < 0 || averageEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--partitions and --average-every must be >= 0");
        }
        DataType type = switch (dtype.toUpperCase(java.util.Locale.ROOT)) {
            case "FLOAT" -> DataType.FLOAT;
            case "DOUBLE" -> DataType.DOUBLE;
            default -> throw new ParameterException(spec.commandLine(), "--dtype must be FLOAT or DOUBLE, got " + dtype);
        };
        SparkDigitsExample.run(new SparkDigitsExample.Settings(master, partitions, epochs, batchSize, learningRate, type,
                averageEvery, options.seed(), options.outputDir("spark-digits")), System.out);
        return 0;
    }
}
