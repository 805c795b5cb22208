package dev.ndgrad.spark;

import dev.ndgrad.optim.train.Metric;
import java.io.Serializable;

/**
 * What every task of one training run needs besides the step's data and parameters: how to build a replica and
 * what to compute on it. Shipped once per task in its closure (it is small); the parameters travel by broadcast.
 *
 * @param runId identifies the run's replicas in an executor's {@link ReplicaPool}
 * @param factory builds a replica
 * @param layout what a replica must look like
 * @param loss the mean loss over a batch
 * @param metric the metric reported beside the loss, or null
 * @param localOptimizer the replicas' optimizer in parameter averaging, null in synchronous training
 * @param clipNorm the maximum global gradient norm of a local step in parameter averaging, {@code NaN} for none
 */
record WorkerSetup(String runId, ModelFactory factory, ModelLayout layout, SparkLoss loss, Metric metric,
        OptimizerFactory localOptimizer, double clipNorm) implements Serializable {
}
