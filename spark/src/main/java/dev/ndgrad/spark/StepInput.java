package dev.ndgrad.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What the driver broadcasts to every executor for one step (or one round of local steps): the current parameters
 * as one primitive vector, the model's buffers, and which examples to work on — the global indices of each step's
 * mini-batch. Parameter averaging adds the optimizer state and each local step's learning rate; evaluation needs
 * only the parameters, the buffers and a batch size.
 */
final class StepInput implements Serializable {

    private static final long serialVersionUID = 1L;

    final PrimitiveVector parameters;
    final Map<String, FlatArray> buffers;
    final int[][] batches;
    final Map<String, FlatArray> optimizerState;
    final double[] learningRates;
    final int evalBatchSize;

    private StepInput(PrimitiveVector parameters, Map<String, FlatArray> buffers, int[][] batches,
            Map<String, FlatArray> optimizerState, double[] learningRates, int evalBatchSize) {
        this.parameters = parameters;
        this.buffers = buffers;
        this.batches = batches;
        this.optimizerState = optimizerState;
        this.learningRates = learningRates;
        this.evalBatchSize = evalBatchSize;
    }

    /** One synchronous step on the global mini-batch {@code batch}. */
    static StepInput gradient(PrimitiveVector parameters, Map<String, FlatArray> buffers, int[] batch) {
        return new StepInput(parameters, buffers, new int[][] {batch}, null, null, 0);
    }

    /**
     * A round of local steps, one per batch, each at its learning rate ({@code NaN}: the optimizer's own), from the
     * given optimizer state.
     */
    static StepInput round(PrimitiveVector parameters, Map<String, FlatArray> buffers, int[][] batches,
            Map<String, FlatArray> optimizerState, double[] learningRates) {
        return new StepInput(parameters, buffers, batches, optimizerState, learningRates, 0);
    }

    /** An evaluation of every example, in batches of {@code evalBatchSize}. */
    static StepInput evaluation(PrimitiveVector parameters, Map<String, FlatArray> buffers, int evalBatchSize) {
        return new StepInput(parameters, buffers, new int[0][], null, null, evalBatchSize);
    }

    /** The number of steps this input covers (0 for an evaluation). */
    int steps() {
        return batches.length;
    }
}
