package dev.ndgrad.examples.attention;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.AttentionMask;
import dev.ndgrad.nn.MultiheadAttention;
import dev.ndgrad.nn.RemovableHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The attention weights of every head of every layer while the model reads one sequence. A forward hook on each
 * layer's {@link MultiheadAttention} receives the tensor the layer attends over, and
 * {@link MultiheadAttention#forwardWithWeights} recomputes the attention from it with its weights
 * {@code A = softmax(Q·Kᵀ/√d)}; the hooks are removed afterwards.
 */
final class AttentionMaps {

    private AttentionMaps() {}

    /**
     * {@code weights[layer][head][query][key]}: how much output position {@code query} of the layer takes from
     * input position {@code key} (each row sums to 1), for {@code digits [1, length]}.
     */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    static double[][][][] of(DigitTransformer model, Tensor digits) {
        List<MultiheadAttention> layers = model.attentionLayers();
        double[][][][] weights = new double[layers.size()][][][];
        List<RemovableHandle> hooks = new ArrayList<>();
        boolean training = model.isTraining();
        model.eval();
        try (var noGrad = Autograd.noGrad()) {
            for (int l = 0; l < layers.size(); l++) {
                int layer = l;
                hooks.add(layers.get(l).registerForwardHook((module, inputs, outputs) -> {
                    Tensor x = inputs.get(0);
                    Tensor heads = ((MultiheadAttention) module).forwardWithWeights(x, x, x, AttentionMask.none())
                            .headWeights();
                    weights[layer] = toArray(heads);
                }));
            }
            model.forward(digits);
        } finally {
            hooks.forEach(RemovableHandle::remove);
            model.train(training);
        }
        return weights;
    }

    /** {@code [1, heads, L, S]} → {@code [heads][L][S]}. */
    private static double[][][] toArray(Tensor headWeights) {
        int heads = (int) headWeights.size(1);
        int queries = (int) headWeights.size(2);
        int keys = (int) headWeights.size(3);
        double[] flat = headWeights.toDoubleArray();
        double[][][] out = new double[heads][queries][keys];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < queries; i++) {
                System.arraycopy(flat, (h * queries + i) * keys, out[h][i], 0, keys);
            }
        }
        return out;
    }
}
