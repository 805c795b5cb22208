package dev.ndgrad.examples.newton;

import dev.ndgrad.autograd.Functional;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.plot.Grid;
import dev.ndgrad.examples.plot.Plots;
import java.awt.Color;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Beyond first order. Second derivatives come from differentiating the backward pass itself
 * ({@code createGraph}), which gives three things a first-order framework cannot:
 * <ol>
 * <li>a Hessian-vector product {@code H·v} in two backward passes, checked against the full Hessian
 *     and against a central difference of gradients {@code (∇f(θ + εv) − ∇f(θ − εv)) / 2ε};
 * <li>Newton's method {@code θ ← θ − H⁻¹∇f} on the Rosenbrock valley
 *     {@code f(x, y) = (1 − x)² + 100(y − x²)²}, against gradient descent;
 * <li>Newton–CG on L2-regularised logistic regression: Newton steps whose linear systems are
 *     solved with Hessian-vector products only, against gradient descent with the step {@code 1/L}
 *     (its largest safe step, {@code L} found by power iteration on Hessian-vector products).
 * </ol>
 */
public final class NewtonExample {

    /** Newton's method and gradient descent on Rosenbrock, and Newton–CG vs GD on logistic regression. */
    public record Result(double hvpVsHessianError, double hvpVsFiniteDifferenceError, int newtonSteps,
            double newtonDistance, int gdSteps, double gdDistance, int newtonCgIterations, int hessianVectorProducts,
            double newtonCgGradientNorm, int logisticGdSteps, double logisticGdGradientNorm, Path rosenbrockPlot,
            Path logisticPlot) {}

    static final double[] ROSENBROCK_START = {-1.2, 1.0};
    private static final double TOLERANCE = 1e-10;

    private NewtonExample() {}

    public static Result run(long seed, int gdSteps, Path outputDir, PrintStream log) {
        Function<Tensor, Tensor> rosenbrock = NewtonExample::rosenbrock;

        // 1. H·v three ways at the start point.
        INDArray start = Nd4j.createFromArray(ROSENBROCK_START.clone());
        INDArray v = Nd4j.createFromArray(new Random(seed).doubles(2).map(d -> d - 0.5).toArray());
        INDArray hvp = SecondOrder.hessianTimes(rosenbrock, start, v);
        INDArray hessian = Functional.hessian(rosenbrock, Tensor.of(start)).data();
        INDArray explicit = hessian.mmul(v.reshape(2, 1)).reshape(2);
        double eps = 1e-6;
        INDArray finiteDifference = SecondOrder.valueAndGradient(rosenbrock, start.add(v.mul(eps)))[1].data()
                .sub(SecondOrder.valueAndGradient(rosenbrock, start.sub(v.mul(eps)))[1].data()).div(2 * eps);
        double vsHessian = relativeError(hvp, explicit);
        double vsFiniteDifference = relativeError(hvp, finiteDifference);
        log.printf("Rosenbrock at (%.1f, %.1f): Hessian%n%s%n", ROSENBROCK_START[0], ROSENBROCK_START[1], hessian);
        log.printf("H·v by hvp (two backward passes) %s%n  vs the full Hessian times v: relative error %.2e%n"
                + "  vs (∇f(θ+εv) − ∇f(θ−εv))/2ε:  relative error %.2e%n", hvp, vsHessian, vsFiniteDifference);

        // 2. Newton vs gradient descent in the valley.
        SecondOrder.Trace newton = SecondOrder.newton(rosenbrock, ROSENBROCK_START, 50, TOLERANCE);
        SecondOrder.Trace gd = SecondOrder.gradientDescent(rosenbrock, ROSENBROCK_START, 1e-3, gdSteps);
        int newtonSteps = newton.iterates().size() - 1;
        double newtonDistance = distanceToMinimum(newton);
        double gdDistance = distanceToMinimum(gd);
        log.printf("Newton: %d steps to ‖∇f‖ ≤ %.0e, distance to the minimum (1, 1): %.2e%n", newtonSteps, TOLERANCE,
                newtonDistance);
        log.printf("Gradient descent (lr 1e-3): after %d steps, distance to the minimum: %.2e%n", gdSteps, gdDistance);
        Path rosenbrockPlot = Plots.save(rosenbrockChart(newton, gd), outputDir.resolve("rosenbrock-newton-vs-gd.png"));

        // 3. Newton–CG vs gradient descent on logistic regression.
        Function<Tensor, Tensor> logistic = logisticLoss(seed, 400, 10, 1e-2);
        double[] zero = new double[11];
        double curvature = SecondOrder.largestCurvature(logistic, Nd4j.createFromArray(zero.clone()), 30);
        SecondOrder.Trace newtonCg = SecondOrder.newtonCg(logistic, zero, 30, TOLERANCE);
        int logisticGdSteps = 10 * (newtonCg.iterates().size() - 1) + 100;
        SecondOrder.Trace logisticGd = SecondOrder.gradientDescent(logistic, zero, 1 / curvature, logisticGdSteps);
        log.printf("Logistic regression (400 examples, 10 features + bias, L2 1e-2): largest curvature L = %.3f "
                + "(power iteration on H·v)%n", curvature);
        log.printf("Newton–CG: %d iterations, %d Hessian-vector products, ‖∇f‖ = %.2e%n",
                newtonCg.iterates().size() - 1, newtonCg.hessianVectorProducts(), newtonCg.finalGradientNorm());
        log.printf("Gradient descent (lr 1/L = %.3f): %d iterations, ‖∇f‖ = %.2e%n", 1 / curvature, logisticGdSteps,
                logisticGd.finalGradientNorm());
        Path logisticPlot = Plots.save(logisticChart(newtonCg, logisticGd),
                outputDir.resolve("logistic-newton-cg-vs-gd.png"));

        return new Result(vsHessian, vsFiniteDifference, newtonSteps, newtonDistance, gdSteps, gdDistance,
                newtonCg.iterates().size() - 1, newtonCg.hessianVectorProducts(), newtonCg.finalGradientNorm(),
                logisticGdSteps, logisticGd.finalGradientNorm(), rosenbrockPlot, logisticPlot);
    }

    /** {@code f(x, y) = (1 − x)² + 100(y − x²)²}, minimum 0 at (1, 1), for {@code θ = (x, y)}. */
    static Tensor rosenbrock(Tensor theta) {
        Tensor x = theta.slice(0, 0, 1);
        Tensor y = theta.slice(0, 1, 2);
        return x.rsub(1).square().add(y.sub(x.square()).square().mul(100)).sum();
    }

    /**
     * {@code J(w) = mean(softplus(z) − y·z) + (λ/2)‖w‖²} with {@code z = X·w}: the binary
     * cross-entropy of a logistic regression (a constant-1 column of {@code X} is the bias), on
     * generated data whose features have scales from 0.3 to 3 (an elongated bowl, where GD is slow).
     */
    static Function<Tensor, Tensor> logisticLoss(long seed, int examples, int features, double lambda) {
        Random random = new Random(seed);
        double[] trueWeights = random.doubles(features + 1).map(d -> 2 * d - 1).toArray();
        double[][] x = new double[examples][features + 1];
        double[] y = new double[examples];
        for (int i = 0; i < examples; i++) {
            double z = 0;
            for (int j = 0; j < features; j++) {
                double scale = 0.3 * Math.pow(10, (double) j / (features - 1));
                x[i][j] = scale * random.nextGaussian();
                z += x[i][j] * trueWeights[j] / scale;
            }
            x[i][features] = 1;
            z += trueWeights[features];
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        Tensor inputs = Tensor.of(Nd4j.create(x));
        Tensor labels = Tensor.of(Nd4j.createFromArray(y));
        return w -> {
            Tensor z = inputs.matmul(w.reshape(features + 1, 1)).reshape(examples);
            return z.softplus().sub(labels.mul(z)).mean().add(w.square().sum().mul(lambda / 2));
        };
    }

    private static XYChart rosenbrockChart(SecondOrder.Trace newton, SecondOrder.Trace gd) {
        // Pure Newton overshoots far below the valley on its way (step 2): the picture shows the whole path.
        Grid.Bounds bounds = new Grid.Bounds(-2, 2, -3.5, 3);
        Grid surface = Grid.sample(bounds, 120, (x, y) -> (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x));
        XYChart chart = Plots.planeChart("Rosenbrock valley: Newton vs gradient descent", "x", "y", bounds);
        Plots.addBands(chart, surface, 12, f -> Math.log(f + 1e-2));
        Plots.addPath(chart, "gradient descent (lr 1e-3), " + (gd.iterates().size() - 1) + " steps", gd.coordinate(0),
                gd.coordinate(1), Plots.PALETTE.get(1)).setMarker(SeriesMarkers.NONE);
        Plots.addPath(chart, "Newton, " + (newton.iterates().size() - 1) + " steps", newton.coordinate(0),
                newton.coordinate(1), Plots.PALETTE.get(0));
        Plots.addPoints(chart, "minimum (1, 1)", new double[] {1}, new double[] {1}, Color.BLACK)
                .setMarker(SeriesMarkers.DIAMOND);
        chart.getStyler().setLegendPosition(LegendPosition.InsideN);
        return chart;
    }

    private static XYChart logisticChart(SecondOrder.Trace newtonCg, SecondOrder.Trace gd) {
        XYChart chart = Plots.logY(Plots.lineChart("Logistic regression: ‖∇J‖ per iteration", "iteration",
                "gradient norm"));
        Plots.addCurve(chart, "Newton–CG (H·v only, " + newtonCg.hessianVectorProducts() + " products)",
                iterationAxis(newtonCg), newtonCg.gradientNorms().stream().mapToDouble(Double::doubleValue).toArray());
        Plots.addCurve(chart, "gradient descent, lr 1/L", iterationAxis(gd),
                gd.gradientNorms().stream().mapToDouble(Double::doubleValue).toArray());
        return chart;
    }

    private static double[] iterationAxis(SecondOrder.Trace trace) {
        double[] axis = new double[trace.iterates().size()];
        Arrays.setAll(axis, i -> i);
        return axis;
    }

    private static double distanceToMinimum(SecondOrder.Trace trace) {
        double[] last = trace.iterates().get(trace.iterates().size() - 1);
        return Math.hypot(last[0] - 1, last[1] - 1);
    }

    private static double relativeError(INDArray a, INDArray b) {
        double denominator = SecondOrder.norm(a) + SecondOrder.norm(b);
        return denominator == 0 ? 0 : SecondOrder.norm(a.sub(b)) / denominator;
    }
}
