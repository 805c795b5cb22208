package dev.ndgrad.examples.planar;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Random;

/**
 * The course's planar "flower": two classes of points in the plane, arranged as the petals of
 * {@code r = a·sin(4θ)} with noise on the angle and the radius. No straight line separates them,
 * so logistic regression stays near chance while a small hidden layer fits the petals.
 *
 * <p>Class {@code j ∈ {0, 1}} takes {@code m/2} points with {@code θ} evenly spaced over
 * {@code [3.12·j, 3.12·(j+1)]} plus {@code N(0, 0.2²)} noise, {@code r = 4·sin(4θ) + N(0, 0.2²)}, and
 * the point {@code (r·sin θ, r·cos θ)}.
 */
public final class FlowerData {

    /** Points as rows {@code {x₁, x₂}} and their labels (0 or 1). */
    public record Points(double[][] x, double[] y) {
        public int size() {
            return y.length;
        }

        /** The {@code k}-th coordinate of every point. */
        public double[] coordinate(int k) {
            double[] c = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                c[i] = x[i][k];
            }
            return c;
        }
    }

    private static final double PETAL_SIZE = 4;
    private static final double NOISE = 0.2;

    private FlowerData() {}

    /** {@code m} points (an even number), half of each class, reproducible from {@code seed}. */
    public static Points generate(int m, long seed) {
        checkArgument(m >= 2 && m % 2 == 0, "FlowerData: m = %s must be a positive even number", m);
        Random random = new Random(seed);
        int half = m / 2;
        double[][] x = new double[m][];
        double[] y = new double[m];
        for (int j = 0; j < 2; j++) {
            for (int k = 0; k < half; k++) {
                double theta = 3.12 * j + 3.12 * k / Math.max(1.0, half - 1.0) + NOISE * random.nextGaussian();
                double r = PETAL_SIZE * Math.sin(4 * theta) + NOISE * random.nextGaussian();
                x[j * half + k] = new double[] {r * Math.sin(theta), r * Math.cos(theta)};
                y[j * half + k] = j;
            }
        }
        return new Points(x, y);
    }
}
