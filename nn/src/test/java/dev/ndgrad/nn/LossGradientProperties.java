package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertPassed;
import static dev.ndgrad.nn.Fixtures.classes;
import static dev.ndgrad.nn.Fixtures.randn;
import static dev.ndgrad.nn.Fixtures.uniform;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.Tensor;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gradient checks (DOUBLE) of every loss under every reduction, and of the penalties, with random shapes; the
 * losses of the regression, divergence and weighted families to second order too.
 */
class LossGradientProperties {

    /** First and second order of {@code f} at {@code inputs}. */
    private static void checkBothOrders(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        assertPassed(GradCheck.check(f, inputs));
        assertPassed(GradCheck.checkSecondOrder(f, inputs));
    }

    @Property(tries = 20)
    void l1(@ForAll @IntRange(min = 1, max = 5) int batch, @ForAll @IntRange(min = 1, max = 4) int width,
            @ForAll Reduction reduction, @ForAll long seed) {
        Tensor prediction = randn(seed, batch, width).named("prediction");
        Tensor target = randn(seed + 1, batch, width).named("target");
        checkBothOrders(in -> Losses.l1(in.get(0), in.get(1), reduction), List.of(prediction, target));
    }

    /** Errors on both sides of δ: the quadratic and the linear pieces, and their join. */
    @Property(tries = 25)
    void huberAndSmoothL1(@ForAll @IntRange(min = 1, max = 5) int batch, @ForAll @IntRange(min = 1, max = 4) int width,
            @ForAll @DoubleRange(min = 0.05, max = 3) double delta, @ForAll boolean smooth, @ForAll Reduction reduction,
            @ForAll long seed) {
        Tensor prediction = randn(seed, batch, width).mul(2.0).detach().named("prediction");
        Tensor target = randn(seed + 1, batch, width).named("target");
        checkBothOrders(in -> smooth ? Losses.smoothL1(in.get(0), in.get(1), delta, reduction)
                : Losses.huber(in.get(0), in.get(1), delta, reduction), List.of(prediction, target));
    }

    /** Targets with zeros (0·ln 0 = 0), gradients for the log-probabilities and the targets. */
    @Property(tries = 20)
    void klDivergence(@ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 4) int classes,
            @ForAll Reduction reduction, @ForAll long seed) {
        Tensor logProbabilities = randn(seed, batch, classes).logSoftmax(1).detach().named("log p");
        Tensor target = uniform(seed + 1, 0.05, 1, batch, classes).named("y");
        checkBothOrders(in -> Losses.klDiv(in.get(0), in.get(1), reduction), List.of(logProbabilities, target));
        Tensor sparse = Tensor.where(uniform(seed + 2, 0, 1, batch, classes).gt(0.6), Tensor.zeros(DataType.DOUBLE),
                target).named("sparse y");
        checkBothOrders(p -> Losses.klDiv(p.get(0), sparse, reduction), List.of(logProbabilities));
        Tensor logTarget = randn(seed + 3, batch, classes).logSoftmax(1).detach().named("log y");
        checkBothOrders(in -> Losses.klDivLogTarget(in.get(0), in.get(1), reduction), List.of(logProbabilities, logTarget));
    }

    @Property(tries = 20)
    void binaryCrossEntropyWithPosWeight(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 3) int classes, @ForAll Reduction reduction, @ForAll long seed) {
        Tensor logits = randn(seed, batch, classes).mul(3.0).detach().named("z");
        Tensor target = uniform(seed + 1, 0, 1, batch, classes).named("y");
        Tensor posWeight = uniform(seed + 2, 0.2, 4, classes).named("pos_weight");
        checkBothOrders(in -> Losses.binaryCrossEntropyWithLogits(in.get(0), in.get(1), in.get(2), reduction),
                List.of(logits, target, posWeight));
    }

    @Property(tries = 20)
    void crossEntropyWithLabelSmoothing(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 5) int classes, @ForAll @DoubleRange(min = 0, max = 1) double smoothing,
            @ForAll Reduction reduction, @ForAll long seed) {
        Tensor logits = randn(seed, batch, classes).mul(3.0).detach().named("z");
        Tensor y = classes(seed + 1, batch, classes);
        checkBothOrders(z -> Losses.crossEntropy(z.get(0), y, smoothing, reduction), List.of(logits));
        Tensor target = randn(seed + 2, batch, classes).softmax(1).named("y");
        checkBothOrders(in -> Losses.crossEntropyWithProbabilities(in.get(0), in.get(1), smoothing, reduction),
                List.of(logits, target));
    }

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
