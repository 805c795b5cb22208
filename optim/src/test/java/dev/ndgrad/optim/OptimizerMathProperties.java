package dev.ndgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
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
 * The array arithmetic of each optimizer against the seeds' formulas written out element by element
 * in plain double arithmetic, for random values, hyperparameters and three steps; RMSprop and Adam
 * on both their paths (the fused loop and the ND4J ops).
 */
class OptimizerMathProperties {

    static final double TOL = 1e-11;

    @Provide
    Arbitrary<double[][]> threeGradients() {
        return Arbitraries.integers().between(1, 5).flatMap(n -> Arbitraries.doubles().between(-3, 3)
                .array(double[].class).ofSize(n).array(double[][].class).ofSize(4));
    }

    static INDArray array(double[] values) {
        return Nd4j.createFromArray(values.clone());
    }

    static void assertClose(double[] expected, INDArray actual, String what) {
        double[] got = actual.toDoubleVector();
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
        INDArray param = array(w);
        INDArray mean = Nd4j.zeros(DataType.DOUBLE, n);
        INDArray meanSquare = Nd4j.zeros(DataType.DOUBLE, n);
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
            if (fused) {
                AdamMath.updateFused(param, array(dW), mean, meanSquare, t, lr, beta1, beta2, eps, weightDecay,
                        decoupled);
            } else {
                AdamMath.updateWithNd4j(param, array(dW), mean, meanSquare, t, lr, beta1, beta2, eps, weightDecay,
                        decoupled);
            }
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
        INDArray param = array(w);
        INDArray meanSquare = Nd4j.zeros(DataType.DOUBLE, w.length);
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = data[t][i] + weightDecay * w[i];
                s[i] = beta * s[i] + (1 - beta) * g * g;
                w[i] -= lr * g / (Math.sqrt(s[i]) + eps);
            }
            if (fused) {
                RmspropMath.updateFused(param, array(data[t]), meanSquare, lr, beta, eps, weightDecay);
            } else {
                RmspropMath.updateWithNd4j(param, array(data[t]), meanSquare, lr, beta, eps, weightDecay);
            }
            assertClose(w, param, "W at t=" + t);
            assertClose(s, meanSquare, "s at t=" + t);
        }
    }

    @Property(tries = 50)
    void sgdMatchesItsFormulas(@ForAll("threeGradients") double[][] data,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.5) double lr,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.99) double beta,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.1) double weightDecay, @ForAll MomentumStyle style,
            @ForAll boolean nesterov) {
        double[] w = data[0].clone();
        double[] v = new double[w.length];
        double c = style == MomentumStyle.ACCUMULATED ? 1 : 1 - beta;
        INDArray param = array(w);
        INDArray velocity = Nd4j.zeros(DataType.DOUBLE, w.length);
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = data[t][i] + weightDecay * w[i];
                v[i] = beta * v[i] + c * g;
                w[i] -= lr * (nesterov ? c * g + beta * v[i] : v[i]);
            }
            SgdMath.update(param, array(data[t]), velocity, lr, weightDecay, beta, style, nesterov);
            assertClose(w, param, "W at t=" + t);
        }
    }

    @Property(tries = 30)
    void averagedMomentumIsAccumulatedMomentumAtRateOneMinusBetaTimesAlpha(
            @ForAll("threeGradients") double[][] data, @ForAll @Scale(10) @DoubleRange(min = 0.01, max = 0.5) double lr,
            @ForAll @Scale(10) @DoubleRange(min = 0, max = 0.99) double beta) {
        INDArray averaged = array(data[0]);
        INDArray accumulated = array(data[0]);
        INDArray v1 = Nd4j.zeros(DataType.DOUBLE, data[0].length);
        INDArray v2 = Nd4j.zeros(DataType.DOUBLE, data[0].length);
        for (int t = 1; t <= 3; t++) {
            SgdMath.update(averaged, array(data[t]), v1, lr, 0, beta, MomentumStyle.AVERAGED, false);
            SgdMath.update(accumulated, array(data[t]), v2, (1 - beta) * lr, 0, beta, MomentumStyle.ACCUMULATED, false);
        }
        assertClose(accumulated.toDoubleVector(), averaged, "W");
    }

    @Property(tries = 50)
    void adamsFirstStepMovesEveryElementByAboutAlpha(@ForAll("threeGradients") double[][] data,
            @ForAll @Scale(10) @DoubleRange(min = 0.001, max = 0.5) double lr) {
        INDArray param = array(data[0]);
        INDArray m = Nd4j.zeros(DataType.DOUBLE, data[0].length);
        INDArray s = Nd4j.zeros(DataType.DOUBLE, data[0].length);
        AdamMath.update(param, array(data[1]), m, s, 1, lr, 0.9, 0.999, 1e-8, 0, false);
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
