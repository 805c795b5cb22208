package dev.ndgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.KernelPath;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.Updates;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The update rules of the kernel layer ({@link Updates}) against the seeds' formulas written out element by
 * element in plain double arithmetic, for random values, hyperparameters and three steps, on both paths (the
 * fused host loop and the ND4J ops).
 */
class OptimizerMathProperties {

    static final double TOL = 1e-11;

    @Provide
    Arbitrary<double[][]> threeGradients() {
        return Arbitraries.integers().between(1, 5).flatMap(n -> Arbitraries.doubles().between(-3, 3)
                .array(double[].class).ofSize(n).array(double[][].class).ofSize(4));
    }

    /** The values as host storage (the fused loop) or as an ND4J array (the ND4J ops). */
    static Storage array(double[] values, boolean host) {
        return host ? Kernels.fromDoubles(DataType.DOUBLE, values.clone(), values.length)
                : Storage.wrap(Nd4j.createFromArray(values.clone()));
    }

    static Storage array(double[] values) {
        return array(values, true);
    }

    static Storage zeros(int n, boolean host) {
        return array(new double[n], host);
    }

    /** Runs an update on the host path, or with the host path turned off (ND4J's ops). */
    @SuppressWarnings("try")
    static void onPath(boolean host, Runnable update) {
        if (host) {
            update.run();
            return;
        }
        try (var nd4j = KernelPath.nd4jOnly()) {
            update.run();
        }
    }

    static void assertClose(double[] expected, Storage actual, String what) {
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], TOL * (1 + Math.abs(expected[i])), what + " element " + i);
        }
    }

    @Property(tries = 50)
    void adamMatchesTheSeedsFormulas(@ForAll("threeGradients") double[][] data,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.5) double lr,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.99) double beta1,
            @ForAll @Scale(10) @DoubleRange(min = 0.5, max = 0.9999) double beta2,
            @ForAll @Scale(10) @DoubleRange(min = 1e-8, max = 1e-3) double eps,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.1) double weightDecay, @ForAll boolean decoupled,
            @ForAll boolean fused) {
        double[] w = data[0].clone();
        int n = w.length;
        double[] m = new double[n];
        double[] s = new double[n];
        Storage param = array(w, fused);
        Storage mean = zeros(n, fused);
        Storage meanSquare = zeros(n, fused);
        for (int t = 1; t <= 3; t++) {
            double[] dW = data[t];
            for (int i = 0; i < n; i++) {
                double g = dW[i];
                if (decoupled) {
                    w[i] -= lr * weightDecay * w[i];
                } else {
                    g += weightDecay * w[i];
                }
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                s[i] = beta2 * s[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double sHat = s[i] / (1 - Math.pow(beta2, t));
                w[i] -= lr * mHat / (Math.sqrt(sHat) + eps);
            }
            Storage grad = array(dW, fused);
            Updates.Adam rule = new Updates.Adam(lr, beta1, beta2, eps, weightDecay, decoupled, t);
            onPath(fused, () -> Updates.adam(param, grad, mean, meanSquare, rule));
            assertClose(w, param, "W at t=" + t);
            assertClose(m, mean, "v at t=" + t);
            assertClose(s, meanSquare, "s at t=" + t);
        }
    }

    @Property(tries = 50)
    void rmspropMatchesTheSeedsFormulas(@ForAll("threeGradients") double[][] data,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.5) double lr,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.999) double beta,
            @ForAll @Scale(10) @DoubleRange(min = 1e-8, max = 1e-3) double eps,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.1) double weightDecay, @ForAll boolean fused) {
        double[] w = data[0].clone();
        double[] s = new double[w.length];
        Storage param = array(w, fused);
        Storage meanSquare = zeros(w.length, fused);
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = data[t][i] + weightDecay * w[i];
                s[i] = beta * s[i] + (1 - beta) * g * g;
                w[i] -= lr * g / (Math.sqrt(s[i]) + eps);
            }
            Storage grad = array(data[t], fused);
            onPath(fused, () -> Updates.rmsprop(param, grad, meanSquare, new Updates.Rmsprop(lr, beta, eps, weightDecay)));
            assertClose(w, param, "W at t=" + t);
            assertClose(s, meanSquare, "s at t=" + t);
        }
    }

    @Property(tries = 50)
    void sgdMatchesItsFormulas(@ForAll("threeGradients") double[][] data,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.5) double lr,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.99) double beta,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.1) double weightDecay, @ForAll MomentumStyle style,
            @ForAll boolean nesterov, @ForAll boolean fused) {
        double[] w = data[0].clone();
        double[] v = new double[w.length];
        double c = style == MomentumStyle.ACCUMULATED ? 1 : 1 - beta;
        Storage param = array(w, fused);
        Storage velocity = zeros(w.length, fused);
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = data[t][i] + weightDecay * w[i];
                v[i] = beta * v[i] + c * g;
                w[i] -= lr * (nesterov ? c * g + beta * v[i] : v[i]);
            }
            Storage grad = array(data[t], fused);
            onPath(fused, () -> Updates.sgd(param, grad, velocity, new Updates.Sgd(lr, weightDecay, beta, c, nesterov)));
            assertClose(w, param, "W at t=" + t);
        }
    }

    @Property(tries = 30)
    void averagedMomentumIsAccumulatedMomentumAtRateOneMinusBetaTimesAlpha(
            @ForAll("threeGradients") double[][] data, @ForAll @Scale(10) @DoubleRange(min = 0.01, max = 0.5) double lr,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.99) double beta) {
        Storage averaged = array(data[0]);
        Storage accumulated = array(data[0]);
        Storage v1 = zeros(data[0].length, true);
        Storage v2 = zeros(data[0].length, true);
        for (int t = 1; t <= 3; t++) {
            Updates.sgd(averaged, array(data[t]), v1, new Updates.Sgd(lr, 0, beta, 1 - beta, false));
            Updates.sgd(accumulated, array(data[t]), v2, new Updates.Sgd((1 - beta) * lr, 0, beta, 1, false));
        }
        assertClose(accumulated.toDoubleArray(), averaged, "W");
    }

    @Property(tries = 50)
    void adamsFirstStepMovesEveryElementByAboutAlpha(@ForAll("threeGradients") double[][] data,
            @ForAll @Scale(10) @DoubleRange(min = 0.001, max = 0.5) double lr) {
        Storage param = array(data[0]);
        Storage m = zeros(data[0].length, true);
        Storage s = zeros(data[0].length, true);
        Updates.adam(param, array(data[1]), m, s, new Updates.Adam(lr, 0.9, 0.999, 1e-8, 0, false, 1));
        for (int i = 0; i < data[0].length; i++) {
            double g = data[1][i];
            double expected = -lr * Math.signum(g) * Math.abs(g) / (Math.abs(g) + 1e-8);
            assertEquals(expected, param.getDouble(i) - data[0][i], 1e-12);
        }
    }

    @Property(tries = 100)
    void emaIsTheGeometricallyWeightedSum(@ForAll @Scale(10) @DoubleRange(min = 0, max = 0.999) double beta,
            @ForAll("values") List<Double> thetas, @ForAll boolean corrected) {
        ExponentialMovingAverage ema = new ExponentialMovingAverage(beta, corrected);
        for (double theta : thetas) {
            ema.update(theta);
        }
        int t = thetas.size();
        double sum = 0;
        for (int i = 1; i <= t; i++) {
            sum += (1 - beta) * Math.pow(beta, t - i) * thetas.get(i - 1);
        }
        double expected = corrected ? sum / (1 - Math.pow(beta, t)) : sum;
        assertEquals(expected, ema.value(), 1e-9 * (1 + Math.abs(expected)));
    }

    @Provide
    Arbitrary<List<Double>> values() {
        return Arbitraries.doubles().between(-100, 100).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 30)
    void clippedGradientsHaveAtMostTheMaxNormAndTheSameDirection(@ForAll("threeGradients") double[][] grads,
            @ForAll @Scale(10) @DoubleRange(min = 0.01, max = 10) double maxNorm) {
        List<Tensor> params = new ArrayList<>();
        double squares = 0;
        for (double[] g : grads) {
            Tensor p = Params.of(new double[g.length]);
            Params.setGrad(p, g);
            params.add(p);
            for (double x : g) {
                squares += x * x;
            }
        }
        double total = GradClip.clipGradNorm(params, maxNorm);
        assertEquals(Math.sqrt(squares), total, 1e-9);
        double scale = total > maxNorm ? maxNorm / (total + 1e-6) : 1;
        double after = 0;
        for (int k = 0; k < grads.length; k++) {
            double[] clipped = params.get(k).grad().toDoubleArray();
            for (int i = 0; i < clipped.length; i++) {
                assertEquals(grads[k][i] * scale, clipped[i], 1e-12);
                after += clipped[i] * clipped[i];
            }
        }
        assertTrue(Math.sqrt(after) <= maxNorm * (1 + 1e-12) || total <= maxNorm);
    }

    @Property(tries = 20)
    void optimizersGiveTheSameStepsInFloatAsInDouble(@ForAll @IntRange(min = 0, max = 3) int which) {
        List<Double> floats = stepsOf(which, DataType.FLOAT);
        List<Double> doubles = stepsOf(which, DataType.DOUBLE);
        for (int i = 0; i < floats.size(); i++) {
            assertEquals(doubles.get(i), floats.get(i), 1e-5, "element " + i);
        }
    }

    static List<Double> stepsOf(int which, DataType dtype) {
        Tensor w = Tensor.of(Nd4j.createFromArray(0.5, -1.5, 2.0).castTo(dtype)).requiresGrad(true);
        List<Tensor> ps = List.of(w);
        Optimizer o = switch (which) {
            case 0 -> SGD.nesterov(ps, 0.1, 0.9);
            case 1 -> new RMSprop(ps, 0.01);
            case 2 -> new Adam(ps, 0.01);
            default -> new AdamW(ps, 0.01, 0.1);
        };
        for (int t = 0; t < 3; t++) {
            o.zeroGrad();
            w.pow(3).sum().backward();
            o.step();
        }
        List<Double> out = new ArrayList<>();
        for (double x : w.toDoubleArray()) {
            out.add(x);
        }
        return out;
    }
}
