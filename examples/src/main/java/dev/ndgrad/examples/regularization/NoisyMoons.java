package dev.ndgrad.examples.regularization;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.nn.data.Dataset;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two interleaving half-moons in the plane, scikit-learn's {@code make_moons}: class 0 on
 * {@code (cos t, sin t)}, class 1 on {@code (1 − cos t, ½ − sin t)}, {@code t ~ U(0, π)}, plus
 * {@code N(0, σ²)} noise on each coordinate; then each label is flipped with probability {@code flip}. Even the
 * best possible classifier errs on the flipped points, so a big network that reaches 0 training error has drawn
 * islands around them: overfitting made visible.
 *
 * <p>Because the distribution is known, so is that best error (the base or Bayes error of the seeds'
 * bias/variance recipe): {@link #bayesError}, about {@code flip} when the moons barely overlap (small σ).
 */
final class NoisyMoons {

    private final double noise;
    private final double flip;

    NoisyMoons(double noise, double flip) {
        checkArgument(noise > 0, "NoisyMoons: the noise σ = %s must be positive", noise);
        checkArgument(flip >= 0 && flip < 0.5, "NoisyMoons: the flip probability %s must be in [0, 0.5)", flip);
        this.noise = noise;
        this.flip = flip;
    }

    double noise() {
        return noise;
    }

    double flip() {
        return flip;
    }

    /** {@code n} points (alternately of class 0 and 1), reproducible from {@code seed}. */
    Dataset generate(int n, long seed) {
        checkArgument(n >= 2, "NoisyMoons: n = %s must be at least 2", n);
        Random random = new Random(seed);
        double[][] x = new double[n][];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            x[i] = sample(random, cls);
            y[i] = random.nextDouble() < flip ? 1 - cls : cls;
        }
        return Dataset.classification(Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.createFromArray(y));
    }

    /**
     * The error of the Bayes classifier. Before flipping it is {@code e = E[min(p₀(x), p₁(x)) / (p₀(x) + p₁(x))]},
     * estimated over {@code samples} points of the distribution, where {@code p_c(x)} is the class density: the
     * average over the moon's arc of a Gaussian of width σ, {@code p_c(x) = (1/π)∫ N(x; moon_c(t), σ²I) dt},
     * approximated on 200 points of the arc (the expected smaller posterior varies less than a count of the
     * Bayes classifier's mistakes). Flipping labels with probability {@code f} keeps the same best classifier and
     * makes its error {@code f + (1 − 2f)·e}.
     */
    double bayesError(int samples, long seed) {
        checkArgument(samples >= 1, "NoisyMoons.bayesError: samples = %s must be positive", samples);
        int arc = 200;
        double[][][] moons = new double[2][arc][];
        for (int k = 0; k < arc; k++) {
            double t = Math.PI * (k + 0.5) / arc;
            moons[0][k] = new double[] {Math.cos(t), Math.sin(t)};
            moons[1][k] = new double[] {1 - Math.cos(t), 0.5 - Math.sin(t)};
        }
        Random random = new Random(seed);
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            double[] x = sample(random, i % 2);
            double p0 = density(x, moons[0]);
            double p1 = density(x, moons[1]);
            sum += Math.min(p0, p1) / (p0 + p1);
        }
        return flip + (1 - 2 * flip) * sum / samples;
    }

    private double[] sample(Random random, int cls) {
        double t = Math.PI * random.nextDouble();
        double x1 = cls == 0 ? Math.cos(t) : 1 - Math.cos(t);
        double x2 = cls == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
        return new double[] {x1 + noise * random.nextGaussian(), x2 + noise * random.nextGaussian()};
    }

    /** Proportional to the class density at {@code x} (the common factors cancel in the posterior). */
    private double density(double[] x, double[][] moon) {
        double sum = 0;
        for (double[] m : moon) {
            double dx = x[0] - m[0];
            double dy = x[1] - m[1];
            sum += Math.exp(-(dx * dx + dy * dy) / (2 * noise * noise));
        }
        return sum;
    }
}
