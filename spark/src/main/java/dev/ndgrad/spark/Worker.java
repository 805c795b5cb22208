package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkState;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.data.Batch;
import dev.ndgrad.optim.GradClip;
import dev.ndgrad.optim.Optimizer;
import java.util.Arrays;
import java.util.List;

/**
 * What a Spark task computes on one partition's {@link Shard}, with a replica of the model loaded with the
 * broadcast parameters: the same {@code Module}, loss and autograd as training on one machine.
 */
final class Worker {

    /** The three kinds of task a training run submits. */
    enum Task {
        /** The gradient of the partition's share of one global mini-batch (synchronous training). */
        GRADIENT,
        /** A round of local optimizer steps on the partition's shares of several mini-batches (parameter averaging). */
        LOCAL_ROUND,
        /** The loss and metric of every example of the partition, without gradients. */
        EVALUATE
    }

    private Worker() {}

    static PartialResult run(Task task, Shard shard, StepInput in, WorkerSetup setup) {
        PartialResult result = PartialResult.empty(Math.max(in.steps(), 1));
        int[][] rows = new int[in.steps()][];
        boolean any = task == Task.EVALUATE && shard.rows() > 0;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = shard.localRows(in.batches[i]);
            any |= rows[i].length > 0;
        }
        if (!any) {
            return result; // this partition holds none of the examples: it sends back nothing but zeros
        }
        Module replica = ReplicaPool.borrow(setup);
        try {
            FlatTensors.load(in.parameters, replica.parameters());
            FlatTensors.loadTensors(in.buffers, replica.namedBuffers());
            switch (task) {
                case GRADIENT -> gradient(replica, shard, rows[0], in.batches[0].length, setup, result);
                case LOCAL_ROUND -> localRound(replica, shard, rows, in, setup, result);
                case EVALUATE -> evaluate(replica, shard, in.evalBatchSize, setup, result);
            }
        } finally {
            replica.zeroGrad();
            ReplicaPool.giveBack(setup.runId(), replica);
        }
        return result;
    }

    /**
     * The partition's {@code b_p} examples of a global batch of {@code B}: {@code ∇θ (b_p/B)·J_p} where {@code J_p}
     * is the mean loss over them, so that the sum over partitions is the gradient of the mean over the whole batch,
     * {@code Σ_p (b_p/B)·∇J_p = ∇J}.
     */
    private static void gradient(Module replica, Shard shard, int[] rows, int globalBatch, WorkerSetup setup,
            PartialResult result) {
        replica.train();
        replica.zeroGrad();
        Batch batch = shard.batch(rows, setup.layout().dtype());
        Tensor outputs = replica.forward(batch.features());
        Tensor loss = scalar(setup.loss().apply(outputs, batch.labels()));
        double value = loss.item();
        result.addStep(0, rows.length, value, metric(setup, outputs, batch));
        if (Double.isFinite(value)) {
            loss.mul((double) rows.length / globalBatch).backward();
            List<Tensor> params = replica.parameters();
            result.reached = new boolean[params.size()];
            result.vector = FlatTensors.gradients(params, setup.layout().dtype(), result.reached);
        }
        addBuffers(replica, setup, rows.length, result);
    }

    /**
     * Local SGD: the replica's own optimizer, started from the broadcast state, takes one step per mini-batch on the
     * partition's share of it; the partition sends back {@code n_p·θ_p} and its optimizer state weighted by
     * {@code n_p}, the examples it trained on.
     */
    private static void localRound(Module replica, Shard shard, int[][] rows, StepInput in, WorkerSetup setup,
            PartialResult result) {
        replica.train();
        List<Tensor> params = replica.parameters();
        Optimizer optimizer = setup.localOptimizer().create(params);
        optimizer.loadStateDict(FlatTensors.toArrays(in.optimizerState));
        long trained = 0;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length == 0) {
                continue;
            }
            if (!Double.isNaN(in.learningRates[i])) {
                optimizer.setLearningRate(in.learningRates[i]);
            }
            optimizer.zeroGrad();
            Batch batch = shard.batch(rows[i], setup.layout().dtype());
            Tensor outputs = replica.forward(batch.features());
            Tensor loss = scalar(setup.loss().apply(outputs, batch.labels()));
            double value = loss.item();
            result.addStep(i, rows[i].length, value, metric(setup, outputs, batch));
            if (!Double.isFinite(value)) {
                return; // the driver sees the loss and stops; nothing of this round is applied
            }
            loss.backward();
            if (!Double.isNaN(setup.clipNorm())) {
                GradClip.clipGradNorm(params, setup.clipNorm());
            }
            optimizer.step();
            trained += rows[i].length;
        }
        if (trained > 0) {
            result.vector = FlatTensors.values(params, setup.layout().dtype()).scale(trained);
            result.vectorWeight = trained;
            result.optimizerState = WeightedArrays.of(FlatTensors.fromArrays(optimizer.stateDict()), trained);
            addBuffers(replica, setup, trained, result);
        }
    }

    /** The loss and metric of all the partition's examples, in evaluation mode and without recording. */
    @SuppressWarnings("try") // the scope is only opened and closed
    private static void evaluate(Module replica, Shard shard, int batchSize, WorkerSetup setup,
            PartialResult result) {
        replica.eval();
        try (var noGrad = Autograd.noGrad()) {
            for (int from = 0; from < shard.rows(); from += batchSize) {
                int to = Math.min(from + batchSize, shard.rows());
                Batch batch = shard.batch(Shard.range(from, to), setup.layout().dtype());
                Tensor outputs = replica.forward(batch.features());
                result.addStep(0, to - from, scalar(setup.loss().apply(outputs, batch.labels())).item(),
                        metric(setup, outputs, batch));
            }
        } finally {
            replica.train();
        }
    }

    private static void addBuffers(Module replica, WorkerSetup setup, double weight, PartialResult result) {
        if (setup.layout().hasBuffers()) {
            result.buffers = WeightedArrays.of(FlatTensors.fromTensors(replica.namedBuffers()), weight);
        }
    }

    private static double metric(WorkerSetup setup, Tensor outputs, Batch batch) {
        return setup.metric() == null ? Double.NaN : setup.metric().evaluate(outputs.data(), batch.labels().data());
    }

    private static Tensor scalar(Tensor loss) {
        checkState(loss != null && loss.size() == 1, "SparkTrainer: the loss must be a scalar (a mean over the "
                + "batch), got %s", loss == null ? "null" : Arrays.toString(loss.shape()));
        return loss;
    }
}
