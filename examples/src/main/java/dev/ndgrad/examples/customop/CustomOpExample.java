package dev.ndgrad.examples.customop;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Function;
import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.GradCheckResult;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.plot.Plots;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Extending ndgrad: a user-defined op ({@link Swish}) with its forward and backward, gradient
 * checked alone, twice differentiated, and inside a small network; then the same op with a wrong
 * backward ({@link BrokenSwish}), and the gradient-check report that finds it and says where.
 */
public final class CustomOpExample {

    /** What the example found: the four checks and the derivative curves' worst disagreement. */
    public record Result(GradCheckResult opCheck, GradCheckResult secondOrderCheck, GradCheckResult networkCheck,
            GradCheckResult brokenCheck, GradCheckResult brokenOpCheck, double maxDerivativeErrorCorrect, double maxDerivativeErrorBroken,
            Path plot) {}

    private CustomOpExample() {}

    public static Result run(long seed, Path outputDir, PrintStream log) {
        Tensor x = Tensor.randn(new Random(seed), DataType.DOUBLE, 4, 5).named("x");
        GradCheckResult opCheck = GradCheck.check(in -> new Swish().apply(in).sum(), x);
        log.println("Swish alone, every element of a [4, 5] input:");
        log.println(opCheck);
        GradCheckResult secondOrder = GradCheck.checkSecondOrder(in -> new Swish().apply(in).sum(), x);
        log.println("Swish differentiated twice (its backward is written in Tensor ops):");
        log.println(secondOrder);

        GradCheckResult network = checkNetwork(Swish::new, seed);
        log.println("A two-layer network with a Swish hidden layer, binary cross-entropy loss:");
        log.println(network);
        GradCheckResult broken = checkNetwork(BrokenSwish::new, seed);
        log.println("The same network with BrokenSwish (backward drops the x·σ(x)(1 − σ(x)) term):");
        log.println(broken);
        GradCheckResult brokenOp = GradCheck.check(in -> new BrokenSwish().apply(in).sum(), x);
        log.println("Only W1 and b1 (below the activation) are off, so check that op alone: the op chain names it.");
        log.println(brokenOp);

        Curves curves = derivativeCurves();
        XYChart chart = Plots.lineChart("Swish: analytic derivative vs central difference", "x", "value");
        Plots.addCurve(chart, "swish(x) = x·σ(x)", curves.x, curves.value);
        Plots.addCurve(chart, "numeric d/dx (central difference)", curves.x, curves.numeric).setLineWidth(6f);
        Plots.addCurve(chart, "Swish backward", curves.x, curves.correct).setLineStyle(
                new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                        new float[] {8f, 6f}, 0f));
        Plots.addCurve(chart, "BrokenSwish backward", curves.x, curves.broken);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        Path plot = Plots.save(chart, outputDir.resolve("swish-derivatives.png"));
        double correctError = maxAbsDifference(curves.correct, curves.numeric);
        double brokenError = maxAbsDifference(curves.broken, curves.numeric);
        log.printf("Over x in [-6, 6]: max |backward - numeric| = %.2e for Swish, %.2e for BrokenSwish%n", correctError,
                brokenError);
        return new Result(opCheck, secondOrder, network, broken, brokenOp, correctError, brokenError, plot);
    }

    /**
     * Checks every parameter of {@code ŷ = σ(swish(X·W₁ + b₁)·W₂ + b₂)} under the mean binary
     * cross-entropy, written with logits: {@code L = mean(softplus(z) − y·z)}.
     */
    static GradCheckResult checkNetwork(Supplier<? extends Function> activation, long seed) {
        Tensor inputs = Tensor.randn(new Random(seed + 1), DataType.DOUBLE, 8, 3);
        Tensor labels = Tensor.uniform(new Random(seed + 2), DataType.DOUBLE, 0, 1, 8, 1).gt(0.5).to(DataType.DOUBLE);
        Tensor w1 = Tensor.randn(new Random(seed + 3), DataType.DOUBLE, 3, 5).named("W1");
        Tensor b1 = Tensor.randn(new Random(seed + 4), DataType.DOUBLE, 5).mul(0.1).detach().named("b1");
        Tensor w2 = Tensor.randn(new Random(seed + 5), DataType.DOUBLE, 5, 1).named("W2");
        Tensor b2 = Tensor.zeros(DataType.DOUBLE, 1).named("b2");
        return GradCheck.check(p -> {
            Tensor hidden = activation.get().apply(inputs.matmul(p.get(0)).add(p.get(1)));
            Tensor z = hidden.matmul(p.get(2)).add(p.get(3));
            return z.softplus().sub(labels.mul(z)).mean();
        }, List.of(w1, b1, w2, b2));
    }

    private record Curves(double[] x, double[] value, double[] numeric, double[] correct, double[] broken) {}

    private static Curves derivativeCurves() {
        int n = 241;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -6 + 12.0 * i / (n - 1);
        }
        double eps = 1e-5;
        double[] value = forward(xs, 0);
        double[] plus = forward(xs, eps);
        double[] minus = forward(xs, -eps);
        double[] numeric = new double[n];
        for (int i = 0; i < n; i++) {
            numeric[i] = (plus[i] - minus[i]) / (2 * eps);
        }
        return new Curves(xs, value, numeric, backward(new Swish(), xs), backward(new BrokenSwish(), xs));
    }

    private static double[] forward(double[] xs, double shift) {
        Tensor x = Tensor.of(Nd4j.create(xs).add(shift));
        return new Swish().apply(x).toDoubleArray();
    }

    /** {@code d op(x)/dx} at every point: one backward of {@code Σ op(x)}, since the op is elementwise. */
    private static double[] backward(Function op, double[] xs) {
        Tensor x = Tensor.of(Nd4j.create(xs)).requiresGrad(true);
        return Autograd.grad(List.of(op.apply(x).sum()), List.of(x), false).get(0).toDoubleArray();
    }

    private static double maxAbsDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
