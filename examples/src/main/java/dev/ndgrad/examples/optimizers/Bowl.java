package dev.ndgrad.examples.optimizers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seeds' elongated bowl: {@code f(x, y) = ½(x² + κ·y²)}, minimum 0 at the origin, with curvature 1
 * along {@code x} and {@code κ} along {@code y}. Gradient descent must take a step below {@code 2/κ} to
 * stay stable across the narrow {@code y} direction, and with such a step it crawls along the long
 * {@code x} direction ({@code x} shrinks by the factor {@code 1 − α} per step) while zig-zagging in
 * {@code y}: the picture the seeds draw for momentum and RMSprop.
 */
final class Bowl {

    /** A descent from the start: the iterates {@code (x, y)} and {@code f} at each (entry 0 is the start). */
    record Trajectory(double[] x, double[] y, double[] loss, int stepsToThreshold) {
        /** Whether the loss reached the threshold within the steps allowed. */
        boolean reachedThreshold() {
            return stepsToThreshold >= 0;
        }
    }

    private final double kappa;

    Bowl(double kappa) {
        checkArgument(kappa >= 1, "Bowl: the curvature ratio κ = %s must be >= 1", kappa);
        this.kappa = kappa;
    }

    double kappa() {
        return kappa;
    }

    /** {@code ½(x² + κ·y²)} for a DOUBLE {@code w = (x, y)}, as a graph so its gradient {@code (x, κ·y)} is derived. */
    Tensor loss(Tensor w) {
        Tensor curvatures = Tensor.of(Nd4j.createFromArray(1.0, kappa));
        return w.square().mul(curvatures).sum().mul(0.5);
    }

    /** {@code f(x, y)} on plain numbers (for the contour background). */
    double value(double x, double y) {
        return 0.5 * (x * x + kappa * y * y);
    }

    /**
     * Runs {@code optimizer} (built by {@code factory} on the single parameter {@code w = start}) until
     * {@code f(w) ≤ threshold} or {@code maxSteps} steps.
     */
    Trajectory descend(Function<List<Tensor>, Optimizer> factory, double[] start, double threshold, int maxSteps) {
        checkArgument(start.length == 2, "Bowl.descend: start must be (x, y), got %s values", start.length);
        Tensor w = Tensor.of(Nd4j.createFromArray(start.clone())).requiresGrad(true);
        Optimizer optimizer = factory.apply(List.of(w));
        List<double[]> points = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        int reached = -1;
        for (int step = 0; ; step++) {
            optimizer.zeroGrad();
            Tensor loss = loss(w);
            points.add(w.data().toDoubleVector());
            losses.add(loss.item());
            if (loss.item() <= threshold) {
                reached = step;
                break;
            }
            if (step == maxSteps || !Double.isFinite(loss.item())) {
                break;
            }
            loss.backward();
            optimizer.step();
        }
        return new Trajectory(points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray(), losses.stream().mapToDouble(Double::doubleValue)
                        .toArray(), reached);
    }
}
