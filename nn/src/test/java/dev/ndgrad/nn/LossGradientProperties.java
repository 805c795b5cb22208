package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertPassed;
import static dev.ndgrad.nn.Fixtures.classes;
import static dev.ndgrad.nn.Fixtures.randn;
import static dev.ndgrad.nn.Fixtures.uniform;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.Tensor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Gradient checks (DOUBLE) of every loss under every reduction, and of the penalties, with random shapes. */
class LossGradientProperties {

    @Property(tries = 20)
    void mse(@ForAll @IntRange(min = 1, max = 5) int batch, @ForAll @IntRange(min = 1, max = 4) int width,
            @ForAll Reduction reduction, @ForAll long seed) {
        Tensor prediction = randn(seed, batch, width).named("prediction");
        Tensor target = randn(seed + 1, batch, width).named("target");
        assertPassed(GradCheck.check(in -> Losses.mse(in.get(0), in.get(1), reduction), List.of(prediction, target)));
    }

    @Property(tries = 20)
    void binaryCrossEntropyOnProbabilities(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 3) int width, @ForAll Reduction reduction, @ForAll long seed) {
        Tensor probability = uniform(seed, 0.05, 0.95, batch, width).named("a");
        Tensor target = uniform(seed + 1, 0, 1, batch, width).named("y");
        assertPassed(GradCheck.check(in -> Losses.binaryCrossEntropy(in.get(0), in.get(1), reduction),
                List.of(probability, target)));
    }

    @Property(tries = 20)
    void binaryCrossEntropyWithLogits(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 3) int width, @ForAll Reduction reduction, @ForAll long seed) {
        Tensor logits = randn(seed, batch, width).mul(4.0).detach().named("z");
        Tensor target = uniform(seed + 1, 0, 1, batch, width).named("y");
        assertPassed(GradCheck.check(in -> Losses.binaryCrossEntropyWithLogits(in.get(0), in.get(1), reduction),
                List.of(logits, target)));
    }

    @Property(tries = 20)
    void crossEntropyWithClassIndices(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 5) int classes, @ForAll Reduction reduction, @ForAll long seed) {
        Tensor logits = randn(seed, batch, classes).mul(3.0).detach().named("z");
        Tensor y = classes(seed + 1, batch, classes);
        assertPassed(GradCheck.check(z -> Losses.crossEntropy(z, y, reduction), logits));
    }

    @Property(tries = 20)
    void crossEntropyWithProbabilityTargets(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 5) int classes, @ForAll Reduction reduction, @ForAll long seed) {
        Tensor logits = randn(seed, batch, classes).mul(3.0).detach().named("z");
        Tensor target = randn(seed + 1, batch, classes).softmax(1).named("y");
        assertPassed(GradCheck.check(in -> Losses.crossEntropyWithProbabilities(in.get(0), in.get(1), reduction),
                List.of(logits, target)));
    }

    @Property(tries = 20)
    void nllThroughLogSoftmax(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 5) int classes, @ForAll Reduction reduction, @ForAll long seed) {
        Tensor logits = randn(seed, batch, classes).named("z");
        Tensor y = classes(seed + 1, batch, classes);
        Module logSoftmax = new LogSoftmax(1);
        assertPassed(GradCheck.check(z -> Losses.nll(logSoftmax.forward(z), y, reduction), logits));
    }

    @Property(tries = 20)
    void l2AndL1Penalties(@ForAll @IntRange(min = 1, max = 4) int rows, @ForAll @IntRange(min = 1, max = 4) int cols,
            @ForAll long seed) {
        Tensor w1 = randn(seed, rows, cols).named("w1");
        Tensor w2 = randn(seed + 1, cols, 2).named("w2");
        assertPassed(GradCheck.check(in -> Regularization.l2(in, 0.7, 5), List.of(w1, w2)));
        assertPassed(GradCheck.check(in -> Regularization.l1(in, 0.3, 4), List.of(w1, w2)));
    }
}
