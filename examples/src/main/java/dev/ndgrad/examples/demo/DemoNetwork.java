package dev.ndgrad.examples.demo;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.nn.Dropout;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The demo's deep network, defined in code: {@code Linear → ReLU} per hidden layer, inverted dropout after
 * every hidden layer but the last, and a linear output layer giving one logit per class (the softmax is in
 * the cross-entropy loss). Weights are He-normal ({@code N(0, 2/n_in)}, {@link Linear}'s default, right for
 * ReLU), biases zero. Every layer's values follow from {@code seed}, so the same seed in FLOAT and in DOUBLE
 * builds the same network in two precisions.
 */
public final class DemoNetwork {

    private DemoNetwork() {}

    public static Sequential build(int inputs, List<Integer> hidden, int classes, double dropout, DataType dtype,
            long seed) {
        checkArgument(!hidden.isEmpty(), "DemoNetwork: at least one hidden layer is needed");
        checkArgument(dropout >= 0 && dropout < 1, "DemoNetwork: dropout probability %s must be in [0, 1)", dropout);
        Sequential network = new Sequential();
        int previous = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            int width = hidden.get(i);
            checkArgument(width > 0, "DemoNetwork: hidden layer %s has %s units", i + 1, width);
            network.append(new Linear(previous, width, true, dtype, seed + i)).append(new ReLU());
            if (dropout > 0 && i < hidden.size() - 1) {
                network.append(new Dropout(dropout, seed + 1000 + i));
            }
            previous = width;
        }
        return network.append(new Linear(previous, classes, true, dtype, seed + hidden.size()));
    }
}
