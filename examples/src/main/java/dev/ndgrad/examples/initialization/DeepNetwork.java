package dev.ndgrad.examples.initialization;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Init;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deep fully connected network {@code inputs → width → … → width → 1} ({@code depth} hidden layers, each
 * followed by the activation) with one logit out, built with a given weight initialisation; and the two
 * measurements the example makes on it: the scale of each hidden layer's activations, and how far apart the
 * hidden units of a layer are.
 */
final class DeepNetwork {

    private final Sequential layers;
    private final List<Linear> linears;

    private DeepNetwork(Sequential layers, List<Linear> linears) {
        this.layers = layers;
        this.linears = linears;
    }

    static DeepNetwork build(int inputs, int width, int depth, Activation activation, InitScheme scheme, long seed) {
        checkArgument(inputs > 0 && width > 0 && depth >= 1, "DeepNetwork: inputs %s, width %s, depth %s must be "
                + "positive", inputs, width, depth);
        Random random = new Random(seed);
        Sequential layers = new Sequential();
        List<Linear> linears = new ArrayList<>();
        for (int l = 0; l <= depth; l++) {
            Linear linear = new Linear(l == 0 ? inputs : width, l == depth ? 1 : width, true, DataType.FLOAT, random);
            scheme.apply(linear.weight(), random);
            Init.zeros(linear.bias());
            linears.add(linear);
            layers.append(linear);
            if (l < depth) {
                layers.append(activation.module());
            }
        }
        return new DeepNetwork(layers, List.copyOf(linears));
    }

    Module model() {
        return layers;
    }

    /** The number of hidden layers. */
    int depth() {
        return linears.size() - 1;
    }

    /**
     * The standard deviation of each hidden layer's activations over the batch {@code x} (entry {@code l} is
     * layer {@code l + 1}), without recording gradients.
     */
    @SuppressWarnings("try") // the scope is only opened and closed
    double[] activationScales(Tensor x) {
        double[] scales = new double[depth()];
        try (var noGrad = Autograd.noGrad()) {
            Tensor a = x;
            int hidden = 0;
            for (int i = 0; i < layers.size() && hidden < scales.length; i++) {
                a = layers.get(i).forward(a);
                if (!(layers.get(i) instanceof Linear)) {
                    scales[hidden++] = a.data().stdNumber().doubleValue();
                }
            }
        }
        return scales;
    }

    /**
     * The largest difference between two hidden units of one layer, over all hidden layers: for units {@code i}
     * and {@code j} of layer {@code l}, the largest absolute difference between their incoming weights
     * {@code W⁽ˡ⁾[i, :]}, their biases, and their outgoing weights {@code W⁽ˡ⁺¹⁾[:, i]}. Zero means every layer's
     * units are copies of each other (the seeds' symmetry).
     */
    double maxUnitDifference() {
        double max = 0;
        for (int l = 0; l < depth(); l++) {
            INDArray incoming = linears.get(l).weight().data();
            INDArray bias = linears.get(l).bias().data().reshape(incoming.size(0), 1);
            INDArray outgoing = linears.get(l + 1).weight().data().transpose();   // [units, next units]
            for (INDArray perUnit : new INDArray[] {incoming, bias, outgoing}) {
                // Per column, the spread over units (rows): max_i − min_i; the largest pairwise difference.
                INDArray spread = perUnit.max(0).sub(perUnit.min(0));
                max = Math.max(max, spread.maxNumber().doubleValue());
            }
        }
        return max;
    }
}
