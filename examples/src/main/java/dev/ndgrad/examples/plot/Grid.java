package dev.ndgrad.examples.plot;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

/**
 * A function sampled on a regular {@code resolution × resolution} grid over a rectangle: the
 * background of a decision-boundary or contour picture. Values are stored row by row, {@code y}
 * outer and {@code x} inner, matching {@link #points(Bounds, int)}.
 */
public final class Grid {

    /** The rectangle {@code [xMin, xMax] × [yMin, yMax]} a picture shows. */
    public record Bounds(double xMin, double xMax, double yMin, double yMax) {
        public Bounds {
            checkArgument(xMin < xMax && yMin < yMax, "Bounds: empty rectangle x [%s, %s], y [%s, %s]", xMin, xMax,
                    yMin, yMax);
        }

        /** The smallest rectangle holding every point, widened by {@code margin} on each side. */
        public static Bounds around(double[] x, double[] y, double margin) {
            checkArgument(x.length == y.length && x.length > 0, "Bounds.around: %s x and %s y values", x.length,
                    y.length);
            double x0 = Double.POSITIVE_INFINITY;
            double x1 = Double.NEGATIVE_INFINITY;
            double y0 = Double.POSITIVE_INFINITY;
            double y1 = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < x.length; i++) {
                x0 = Math.min(x0, x[i]);
                x1 = Math.max(x1, x[i]);
                y0 = Math.min(y0, y[i]);
                y1 = Math.max(y1, y[i]);
            }
            return new Bounds(x0 - margin, x1 + margin, y0 - margin, y1 + margin);
        }
    }

    private final Bounds bounds;
    private final int resolution;
    private final double[] values;

    private Grid(Bounds bounds, int resolution, double[] values) {
        this.bounds = bounds;
        this.resolution = resolution;
        this.values = values;
    }

    /** The grid's points as rows {@code {x, y}}, {@code y} outer: one batch for a model to evaluate. */
    public static double[][] points(Bounds bounds, int resolution) {
        checkArgument(resolution >= 2, "Grid: resolution %s < 2", resolution);
        double[][] points = new double[resolution * resolution][];
        for (int i = 0; i < resolution; i++) {
            for (int j = 0; j < resolution; j++) {
                points[i * resolution + j] = new double[] {coordinate(bounds.xMin(), bounds.xMax(), j, resolution),
                        coordinate(bounds.yMin(), bounds.yMax(), i, resolution)};
            }
        }
        return points;
    }

    /** Samples a batch function: it receives every point of {@link #points} at once and returns one value each. */
    public static Grid sample(Bounds bounds, int resolution, Function<double[][], double[]> batch) {
        double[] values = batch.apply(points(bounds, resolution));
        checkArgument(values.length == resolution * resolution, "Grid.sample: %s values for %s points", values.length,
                resolution * resolution);
        return new Grid(bounds, resolution, values.clone());
    }

    /** Samples {@code f(x, y)} point by point. */
    public static Grid sample(Bounds bounds, int resolution, DoubleBinaryOperator f) {
        return sample(bounds, resolution, points -> {
            double[] values = new double[points.length];
            for (int k = 0; k < points.length; k++) {
                values[k] = f.applyAsDouble(points[k][0], points[k][1]);
            }
            return values;
        });
    }

    public Bounds bounds() {
        return bounds;
    }

    public int resolution() {
        return resolution;
    }

    public double x(int column) {
        return coordinate(bounds.xMin(), bounds.xMax(), column, resolution);
    }

    public double y(int row) {
        return coordinate(bounds.yMin(), bounds.yMax(), row, resolution);
    }

    public double value(int row, int column) {
        return values[row * resolution + column];
    }

    private static double coordinate(double min, double max, int k, int resolution) {
        return min + (max - min) * k / (resolution - 1);
    }
}
