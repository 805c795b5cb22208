package dev.ndgrad.examples.demo;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the main job can be told: the data, the network, the training and the checks.
 *
 * @param data the shipped data set (stratified 60/20/20 train/dev/test split, standardized with the training
 *     set's statistics)
 * @param hidden the hidden layers' widths
 * @param dropout the dropout probability after every hidden layer but the last (0 for none)
 * @param l2 the L2 strength λ of the penalty {@code λ/(2m)·Σ‖W‖²_F}, m the training set's size
 * @param epochs the most epochs to train (early stopping may end sooner)
 * @param batchSize the mini-batch size
 * @param learningRate Adam's initial learning rate α₀
 * @param decay the decay rate of {@code α = α₀/(1 + decay·epoch)}
 * @param patience early stopping: epochs without a better dev loss before stopping
 * @param gradCheck whether to gradient-check the network before training
 * @param gradCheckDirections random directions of the fast gradient check over all parameters
 * @param progressBar show the progress bar (null: when a terminal is attached and not on CI)
 * @param seed seeds the split, the initial weights, the dropout masks and the mini-batch order
 * @param outputDir where the learning curves and the checkpoint go
 */
public record DemoConfig(ShippedData data, List<Integer> hidden, double dropout, double l2, int epochs,
        int batchSize, double learningRate, double decay, int patience, boolean gradCheck, int gradCheckDirections,
        Boolean progressBar, long seed, Path outputDir) {

    public DemoConfig {
        hidden = List.copyOf(hidden);
        checkArgument(epochs >= 1 && batchSize >= 1 && patience >= 1,
                "demo: epochs %s, batch size %s and patience %s must be >= 1", epochs, batchSize, patience);
        checkArgument(learningRate > 0 && decay >= 0 && l2 >= 0,
                "demo: learning rate %s must be > 0, decay %s and l2 %s >= 0", learningRate, decay, l2);
        checkArgument(gradCheckDirections >= 1, "demo: grad-check directions %s must be >= 1", gradCheckDirections);
    }

    /** The defaults of {@code ndgrad demo}, writing to {@code outputDir}. */
    public static DemoConfig defaults(Path outputDir) {
        return new DemoConfig(ShippedData.DIGITS, List.of(128, 64), 0.2, 1.0, 60, 64, 2e-3, 0.05, 8, true, 20, null,
                1, outputDir);
    }

    public DemoConfig withEpochs(int newEpochs) {
        return new DemoConfig(data, hidden, dropout, l2, newEpochs, batchSize, learningRate, decay, patience, gradCheck,
                gradCheckDirections, progressBar, seed, outputDir);
    }
}
