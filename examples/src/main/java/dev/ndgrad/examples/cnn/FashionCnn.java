package dev.ndgrad.examples.cnn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.BatchNorm2d;
import dev.ndgrad.nn.Conv2d;
import dev.ndgrad.nn.Dropout;
import dev.ndgrad.nn.Flatten;
import dev.ndgrad.nn.Init;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.MaxPool2d;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import java.util.List;

/**
 * A small convolutional network for square grey images that come as rows of {@code side²} pixels (the data sets'
 * layout): the rows are viewed as {@code [N, 1, side, side]}, then one block per entry of {@code channels},
 * <pre>
 *   Conv2d(c_in, c, 3, stride 1, padding 1) → BatchNorm2d(c) → ReLU → MaxPool2d(2)
 * </pre>
 * each keeping the size through the convolution and halving it (rounding down) in the pooling, 28 → 14 → 7 → 3;
 * then {@code Flatten → Linear(c·s², hidden) → ReLU → Dropout(p) → Linear(hidden, classes)}, the class logits.
 * Children {@code features} and {@code classifier}, so the state-dict keys are PyTorch's for the same two
 * {@code nn.Sequential}s ({@code features.0.weight}, {@code features.1.running_mean}, {@code classifier.4.bias}).
 */
final class FashionCnn extends Module {

    private final int side;
    private final Sequential features;
    private final Sequential classifier;

    /**
     * Weights as PyTorch initialises them, drawn from a generator seeded with {@code seed}; the dropout masks from
     * their own generator seeded from it too, so a run is reproducible.
     */
    FashionCnn(int side, List<Integer> channels, int hidden, double dropout, int classes, long seed) {
        checkArgument(!channels.isEmpty() && side >> channels.size() >= 1, "FashionCnn: %s pooling blocks would "
                + "shrink %sx%s images to nothing", channels.size(), side, side);
        this.side = side;
        Init.manualSeed(seed);   // the layers below draw their initial weights from this thread's generator
        Sequential blocks = new Sequential();
        int in = 1;
        for (int c : channels) {
            blocks.append(new Conv2d(in, c, 3, 1, 1)).append(new BatchNorm2d(c)).append(new ReLU())
                    .append(new MaxPool2d(2));
            in = c;
        }
        int out = side >> channels.size();
        this.features = child("features", blocks);
        this.classifier = child("classifier", new Sequential(new Flatten(), new Linear((long) in * out * out, hidden),
                new ReLU(), new Dropout(dropout, seed + 1), new Linear(hidden, classes)));
    }

    /** The logits {@code [N, classes]} of the images {@code [N, side²]}. */
    @Override
    public Tensor forward(Tensor pixels) {
        checkArgument(pixels.rank() == 2 && pixels.size(1) == (long) side * side,
                "FashionCnn: images %s must be rows of %s x %s = %s pixels", pixels.describe(), side, side,
                side * side);
        return classifier.call(features.call(pixels.reshape(pixels.size(0), 1, side, side)));
    }
}
