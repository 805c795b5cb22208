package dev.ndgrad.tests;

import dev.ndgrad.autograd.Tensor;
import java.util.Random;

/** Class labels for the tests' training steps. */
final class RandomLabels {

    private RandomLabels() {}

    /** {@code n} class indices drawn uniformly from {@code [0, classes)} with {@code seed}. */
    static Tensor of(int n, int classes, long seed) {
        long[] labels = new long[n];
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return Tensor.indices(labels);
    }
}
