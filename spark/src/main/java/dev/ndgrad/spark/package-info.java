/**
 * Data-parallel training of ndgrad models on Apache Spark. {@link dev.ndgrad.spark.SparkTrainer} has
 * {@link dev.ndgrad.optim.train.Trainer}'s API; an {@link dev.ndgrad.spark.ExampleSet} holds the training data in
 * the executors' memory; {@link dev.ndgrad.spark.EmbeddedSpark} starts Spark inside the JVM ({@code local[*]}) unless
 * a master URL or spark-submit says otherwise. Parameters and gradients travel as primitive arrays, Spark's
 * {@code treeAggregate} sums the partitions' gradients, Spark retries failed tasks, and checkpoints go to any Hadoop
 * file system. See docs/SCALING.md for the cost model and measurements.
 */
package dev.ndgrad.spark;
