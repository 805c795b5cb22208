package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertPassed;
import static dev.ndgrad.nn.Fixtures.classes;
import static dev.ndgrad.nn.Fixtures.randn;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gradient checks (DOUBLE, central differences) of every module, with random batch sizes and widths. The
 * checks perturb the modules' own parameter tensors: {@code parameters()} must be what forward uses.
 */
class ModuleGradientProperties {

    private static final DataType D = DataType.DOUBLE;

    @Property(tries = 25)
    void linear(@ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 4) int in,
            @ForAll @IntRange(min = 1, max = 4) int out, @ForAll boolean bias, @ForAll long seed) {
        Linear layer = new Linear(in, out, bias, D, seed);
        Tensor x = randn(seed + 1, batch, in).named("x");
        List<Tensor> inputs = new ArrayList<>(layer.parameters());
        inputs.add(x);
        assertPassed(GradCheck.check(ps -> layer.forward(x), inputs));
    }

    @Provide
    Arbitrary<Module> activations() {
        return Arbitraries.of(new ReLU(), new LeakyReLU(0.1), new Tanh(), new Sigmoid(), new Softmax(1),
                new LogSoftmax(1), new Softmax(0), new Identity());
    }

    @Property(tries = 40)
    void activationsAfterALinearLayer(@ForAll("activations") Module activation,
            @ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 4) int width,
            @ForAll long seed) {
        Module model = new Sequential(new Linear(3, width, true, D, seed), activation);
        Tensor x = randn(seed + 1, batch, 3).named("x");
        List<Tensor> inputs = new ArrayList<>(model.parameters());
        inputs.add(x);
        assertPassed(GradCheck.check(ps -> model.forward(x), inputs));
    }

    /** The pattern users write: the loss of a whole model, checked against the model's own parameters. */
    @Property(tries = 20)
    void mlpWithCrossEntropy(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 4) int hidden, @ForAll @IntRange(min = 2, max = 4) int classes,
            @ForAll long seed) {
        Random random = new Random(seed);
        Module model = new Sequential(new Linear(3, hidden, true, D, random), new ReLU(),
                new Linear(hidden, hidden, true, D, random), new Tanh(), new Linear(hidden, classes, true, D, random));
        Tensor x = randn(seed + 1, batch, 3);
        Tensor y = classes(seed + 2, batch, classes);
        assertPassed(GradCheck.check(ps -> Losses.crossEntropy(model.forward(x), y), model.parameters()));
    }

    /** Dropout with the mask fixed by re-seeding before every evaluation of the loss. */
    @Property(tries = 20)
    void dropoutWithAFixedMask(@ForAll @IntRange(min = 1, max = 4) int batch,
            @ForAll @IntRange(min = 1, max = 5) int width, @ForAll @DoubleRange(min = 0.1, max = 0.9) double p,
            @ForAll long seed) {
        Dropout dropout = new Dropout(p, seed);
        Module model = new Sequential(new Linear(3, width, true, D, seed), new Tanh(), dropout,
                new Linear(width, 2, true, D, seed + 1));
        Tensor x = randn(seed + 2, batch, 3).named("x");
        List<Tensor> inputs = new ArrayList<>(model.parameters());
        inputs.add(x);
        assertPassed(GradCheck.check(ps -> {
            dropout.seed(seed + 3);
            return model.forward(x);
        }, inputs));
    }

    /** Batch norm in training mode: the gradient flows through the batch mean and variance too. */
    @Property(tries = 25)
    void batchNormInTraining(@ForAll @IntRange(min = 2, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 4) int features, @ForAll long seed) {
        BatchNorm1d bn = new BatchNorm1d(features, 1e-5, 0.1, D);
        Random random = new Random(seed);
        Init.normal(bn.weight(), 1.0, 0.5, random);
        Init.normal(bn.bias(), 0.5, random);
        Tensor x = randn(seed + 1, batch, features).mul(2.0).add(1.0).detach().named("x");
        List<Tensor> inputs = new ArrayList<>(bn.parameters());
        inputs.add(x);
        assertPassed(GradCheck.check(ps -> bn.forward(x), inputs));
    }

    /** Batch norm in eval mode, in a model (running statistics are constants of the graph). */
    @Property(tries = 15)
    void batchNormInEval(@ForAll @IntRange(min = 1, max = 4) int batch,
            @ForAll @IntRange(min = 1, max = 4) int features, @ForAll long seed) {
        BatchNorm1d bn = new BatchNorm1d(features, 1e-5, 0.5, D);
        Module model = new Sequential(new Linear(2, features, true, D, seed), bn, new ReLU());
        model.forward(randn(seed + 1, 6, 2));   // moves the running statistics away from 0 and 1
        model.eval();
        Tensor x = randn(seed + 2, batch, 2).named("x");
        List<Tensor> inputs = new ArrayList<>(model.parameters());
        inputs.add(x);
        assertPassed(GradCheck.check(ps -> model.forward(x), inputs));
    }

    @Property(tries = 10)
    void secondOrderThroughAnMlp(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll long seed) {
        Module model = new Sequential(new Linear(2, 3, true, D, seed), new Tanh(), new Linear(3, 1, true, D, seed + 1),
                new Sigmoid());
        Tensor x = randn(seed + 2, batch, 2);
        assertPassed(GradCheck.checkSecondOrder(ps -> model.forward(x).sum(), model.parameters()));
    }
}
