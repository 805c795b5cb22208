package dev.ndgrad.examples.initialization;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.plot.Grid;
import dev.ndgrad.examples.plot.Plots;
import dev.ndgrad.nn.Module;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The picture of a two-class classifier in the plane: its predicted class shaded over a grid (light colours)
 * under the labelled points (full colours). Used by the initialization and the regularization examples.
 */
public final class DecisionBoundaryChart {

    private static final List<Color> CLASS_COLORS = List.of(Plots.PALETTE.get(1), Plots.PALETTE.get(0));
    private static final int RESOLUTION = 100;

    private DecisionBoundaryChart() {}

    /**
     * The chart of {@code points} (rows {@code {x₁, x₂}}) with their {@code labels} (0 or 1) over the classes
     * {@code classify} predicts on a grid around them, {@code width × height} pixels.
     *
     * @param classify the predicted class (0 or 1) of each row of a batch of points
     */
    public static XYChart draw(String title, double[][] points, int[] labels, Function<double[][], double[]> classify,
            int width, int height) {
        checkArgument(points.length == labels.length && points.length > 0,
                "DecisionBoundaryChart: %s points but %s labels", points.length, labels.length);
        double[] x1 = Arrays.stream(points).mapToDouble(p -> p[0]).toArray();
        double[] x2 = Arrays.stream(points).mapToDouble(p -> p[1]).toArray();
        Grid.Bounds bounds = Grid.Bounds.around(x1, x2, 0.1 * Math.max(max(x1) - min(x1), max(x2) - min(x2)));
        XYChart chart = Plots.planeChart(title, "x₁", "x₂", bounds, width, height);
        Plots.addRegions(chart, Grid.sample(bounds, RESOLUTION, classify), CLASS_COLORS.stream().map(Plots::light)
                .toList());
        for (int c = 0; c < CLASS_COLORS.size(); c++) {
            int cls = c;
            int[] rows = IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray();
            if (rows.length > 0) {
                Plots.addPoints(chart, "class " + c, Arrays.stream(rows).mapToDouble(i -> x1[i]).toArray(),
                        Arrays.stream(rows).mapToDouble(i -> x2[i]).toArray(), CLASS_COLORS.get(c));
            }
        }
        return chart;
    }

    /**
     * The classes {@code model} predicts for a batch of points, in evaluation mode and without recording: for one
     * logit per point, 1 when it is ≥ 0; for several, the argmax.
     */
    @SuppressWarnings("try") // the scope is only opened and closed
    public static Function<double[][], double[]> predictions(Module model) {
        return batch -> {
            boolean wasTraining = model.isTraining();
            try (var noGrad = Autograd.noGrad()) {
                model.eval();
                INDArray out = model.forward(Tensor.of(Nd4j.create(batch).castTo(modelDtype(model)))).data();
                INDArray classes = out.size(1) == 1 ? out.gte(0).reshape(out.size(0)) : out.argMax(1);
                return classes.castTo(DataType.DOUBLE).toDoubleVector();
            } finally {
                model.train(wasTraining);
            }
        };
    }

    private static DataType modelDtype(Module model) {
        return model.parameters().get(0).dtype();
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }
}
