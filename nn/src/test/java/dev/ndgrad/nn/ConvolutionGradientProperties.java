package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertPassed;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.GradCheckResult;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.Window2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gradient checks (DOUBLE, central differences) of the convolution stack, first and second order, on random
 * shapes and options, against the layers' parameters and their inputs. First order is checked element by element
 * up to {@value LayerGradientProperties#ELEMENTWISE_LIMIT} input elements and along random directions beyond;
 * second order along random directions (the outputs are squared or passed through tanh, so that second
 * derivatives are not trivially zero).
 */
class ConvolutionGradientProperties {

    private static final DataType D = DataType.DOUBLE;
    private static final GradCheck.Options DIRECTIONS = GradCheck.Options.defaults().withDirections(4);

    /** Channels, groups, image size and windows of one convolution. */
    record ConvShape(int groups, int inPerGroup, int outPerGroup, int batch, int height, int width, Window2d window,
            boolean bias) {

        int in() {
            return groups * inPerGroup;
        }

        int out() {
            return groups * outPerGroup;
        }

        boolean fits() {
            return window.outputHeight(height) >= 1 && window.outputWidth(width) >= 1;
        }
    }

    @Provide
    Arbitrary<ConvShape> convolutions() {
        Arbitrary<Window2d> windows = Combinators.combine(Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(0, 1), Arbitraries.integers().between(1, 2))
                .as((kh, kw, stride, padding, dilation) -> Window2d.of(kh, kw).withStride(stride, 1)
                        .withPadding(padding, 1 - padding).withDilation(1, dilation));
        var small = Arbitraries.integers().between(1, 2);
        return Combinators.combine(small, small, small, small, Arbitraries.integers().between(2, 5),
                Arbitraries.integers().between(2, 5), windows, Arbitraries.of(true, false)).as(ConvShape::new)
                .filter(ConvShape::fits);
    }

    @Property(tries = 20)
    void conv2d(@ForAll("convolutions") ConvShape s, @ForAll long seed) {
        Random random = new Random(seed);
        Conv2d layer = new Conv2d(s.in(), s.out(), s.window(), s.groups(), s.bias(), D, random);
        Tensor x = Tensor.randn(random, D, s.batch(), s.in(), s.height(), s.width()).named("x");
        check(ps -> layer.forward(x).tanh(), with(layer, x));
    }

    @Property(tries = 12)
    void conv1d(@ForAll @IntRange(min = 1, max = 2) int groups, @ForAll @IntRange(min = 1, max = 2) int perGroup,
            @ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 0, max = 1) int padding, @ForAll @IntRange(min = 1, max = 2) int dilation,
            @ForAll @IntRange(min = 3, max = 6) int length, @ForAll boolean unbatched, @ForAll long seed) {
        Assume.that(length + 2 * padding >= dilation * (kernel - 1) + 1);
        Random random = new Random(seed);
        Conv1d layer = new Conv1d(groups * perGroup, groups, kernel, stride, padding, dilation, groups, true, D,
                random);
        long[] shape = unbatched ? new long[] {groups * perGroup, length} : new long[] {2, groups * perGroup, length};
        Tensor x = Tensor.randn(random, D, shape).named("x");
        check(ps -> layer.forward(x).square(), with(layer, x));
    }

    @Property(tries = 10)
    void maxPool2d(@ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll boolean padded, @ForAll @IntRange(min = 1, max = 2) int dilation,
            @ForAll @IntRange(min = 2, max = 5) int size, @ForAll long seed) {
        int padding = padded ? kernel / 2 : 0;
        MaxPool2d pool = new MaxPool2d(kernel, stride, padding, dilation);
        Assume.that(pool.window().outputHeight(size) >= 1 && pool.window().everyWindowReaches(size, size + 1));
        Tensor x = Tensor.randn(new Random(seed), D, 2, 2, size, size + 1).named("x");
        check(ps -> pool.forward(x).square(), List.of(x));
    }

    @Property(tries = 10)
    void avgPool2d(@ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll boolean padded, @ForAll boolean countIncludePad, @ForAll @IntRange(min = 2, max = 5) int size,
            @ForAll long seed) {
        AvgPool2d pool = new AvgPool2d(kernel, stride, padded ? kernel / 2 : 0, countIncludePad, 0);
        Assume.that(pool.window().outputHeight(size) >= 1);
        Tensor x = Tensor.randn(new Random(seed), D, 2, 2, size + 1, size).named("x");
        check(ps -> pool.forward(x).square(), List.of(x));
    }

    @Property(tries = 10)
    void adaptiveAvgPool2d(@ForAll @IntRange(min = 1, max = 4) int outH, @ForAll @IntRange(min = 1, max = 3) int outW,
            @ForAll @IntRange(min = 1, max = 5) int height, @ForAll @IntRange(min = 1, max = 5) int width,
            @ForAll long seed) {
        AdaptiveAvgPool2d pool = new AdaptiveAvgPool2d(outH, outW);
        Tensor x = Tensor.randn(new Random(seed), D, 2, 2, height, width).named("x");
        check(ps -> pool.forward(x).square(), List.of(x));
    }

    @Property(tries = 10)
    void batchNorm2d(@ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 3) int size, @ForAll boolean affine, @ForAll boolean training,
            @ForAll long seed) {
        Assume.that(!training || batch * size * size > 1);
        Random random = new Random(seed);
        BatchNorm2d layer = LayerGradientProperties.perturbed(new BatchNorm2d(channels, 1e-5, 0.1, affine, true, D),
                random);
        layer.train(training);
        Tensor x = Tensor.randn(random, D, batch, channels, size, size).mul(2.0).add(0.5).named("x");
        check(ps -> layer.forward(x).tanh(), with(layer, x));
    }

    /** Dropout2d with the mask fixed by re-seeding before every evaluation of the loss. */
    @Property(tries = 6)
    void dropout2dWithAFixedMask(@ForAll @DoubleRange(min = 0.1, max = 0.9) double p, @ForAll long seed) {
        Dropout2d dropout = new Dropout2d(p, new Random(seed));
        Tensor x = Tensor.randn(new Random(seed + 1), D, 2, 3, 2, 2).named("x");
        check(ps -> dropout.seed(seed).forward(x).square(), List.of(x));
    }

    /** A small CNN end to end: conv, batch norm, ReLU, max pooling, flatten, linear, cross-entropy. */
    @Property(tries = 4)
    void smallCnnWithCrossEntropy(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll long seed) {
        Random random = new Random(seed);
        Sequential model = new Sequential(new Conv2d(1, 2, Window2d.of(3).withPadding(1), 1, true, D, random),
                new BatchNorm2d(2, 1e-5, 0.1, true, true, D), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(8, 3, true, D, random));
        Tensor x = Tensor.randn(random, D, batch + 1, 1, 4, 4).named("x");
        Tensor classes = Fixtures.classes(seed, batch + 1, 3);
        check(ps -> Losses.crossEntropy(model.forward(x), classes), with(model, x));
    }

    // ------------------------------------------------------------------ helpers

    private static void check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        long elements = inputs.stream().mapToLong(Tensor::size).sum();
        GradCheckResult first = elements <= LayerGradientProperties.ELEMENTWISE_LIMIT ? GradCheck.check(f, inputs)
                : GradCheck.check(f, inputs, GradCheck.Options.defaults().withDirections(8));
        assertPassed(first);
        assertPassed(GradCheck.checkSecondOrder(f, inputs, DIRECTIONS));
    }

    private static List<Tensor> with(Module layer, Tensor x) {
        List<Tensor> inputs = new ArrayList<>(layer.parameters());
        inputs.add(x);
        return inputs;
    }
}
