package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient checking: analytic gradients from the engine against central differences
 * {@code (J(θ + ε) − J(θ − ε)) / 2ε}, in DOUBLE precision, as the seeds prescribe.
 *
 * <p>The verdict uses the seeds' relative error {@code ‖g_num − g_an‖₂ / (‖g_num‖₂ + ‖g_an‖₂)}
 * (below 1e-7 great, above 1e-5 a bug) and an elementwise tolerance
 * {@code |g_num − g_an| ≤ atol + rtol·|g_num|}; when both gradients are at the level of rounding noise
 * (‖g_num − g_an‖₂ ≤ 1e-8·max(1, |J|)·√n, e.g. an exact 0 against a numeric 5e-17) the relative error is
 * meaningless and only the elementwise tolerance decides. A non-scalar output {@code y} is checked through
 * {@code L = Σ y ⊙ r} for a fixed random {@code r}, which exercises every output element. Elements
 * where the forward and backward one-sided differences disagree sit on a kink (ReLU at 0, ties of
 * a max): they are reported as such and not compared.
 *
 * <pre>{@code
 * GradCheckResult r = GradCheck.check(in -> in.get(0).matmul(in.get(1)).tanh().sum(), List.of(x, w));
 * if (!r.passed()) System.out.println(r);   // names the input, the element, both values, the op chain
 * }</pre>
 *
 * <p>Inputs must be DOUBLE leaf tensors (float32 differences are too noisy to tell a bug from
 * rounding). The check perturbs the inputs themselves, so {@code f} may ignore its argument and use
 * a model's own parameters; every value, {@code requiresGrad} flag and {@code grad} is restored (the
 * gradients are computed with {@link Autograd#grad}, which leaves {@code grad} alone). Use dropout
 * off (or a fixed mask) and the regularisation terms included, as the seeds say.
 */
public final class GradCheck {

    private GradCheck() {}

    /** Settings of a check; immutable, with fluent withers. */
    public record Options(double eps, double threshold, double atol, double rtol, int directions, long seed, int report) {

        public static Options defaults() {
            return new Options(1e-6, 1e-5, 1e-5, 1e-3, 0, 42L, 5);
        }

        /** Step of the central difference. */
        public Options withEps(double eps) {
            return new Options(eps, threshold, atol, rtol, directions, seed, report);
        }

        /** Largest relative error that passes. */
        public Options withThreshold(double threshold) {
            return new Options(eps, threshold, atol, rtol, directions, seed, report);
        }

        public Options withTolerance(double atol, double rtol) {
            return new Options(eps, threshold, atol, rtol, directions, seed, report);
        }

        /**
         * The fast mode: compare {@code k} random directional derivatives {@code ⟨∇J, u⟩} with
         * {@code (J(θ + εu) − J(θ − εu)) / 2ε} instead of every element: O(k) passes, for large models.
         */
        public Options withDirections(int k) {
            return new Options(eps, threshold, atol, rtol, k, seed, report);
        }

        public Options withSeed(long seed) {
            return new Options(eps, threshold, atol, rtol, directions, seed, report);
        }
    }

    /** Checks ∂f/∂input for every input, element by element. */
    public static GradCheckResult check(java.util.function.Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return check(f, inputs, Options.defaults());
    }

    /** Checks a function of one input. */
    public static GradCheckResult check(java.util.function.Function<Tensor, Tensor> f, Tensor input) {
        return check(in -> f.apply(in.get(0)), List.of(input));
    }

    /** Checks with the given options ({@link Options#withDirections} selects the fast mode). */
    public static GradCheckResult check(java.util.function.Function<List<Tensor>, Tensor> f, List<Tensor> inputs,
            Options options) {
        return new Checker(f, inputs, options, "gradient check").run();
    }

    /**
     * Checks second derivatives: the gradient {@code g(θ) = ∇J(θ)}, computed with
     * {@code createGraph}, is itself checked through {@code Σ g ⊙ v} for a fixed random {@code v}.
     */
    public static GradCheckResult checkSecondOrder(java.util.function.Function<List<Tensor>, Tensor> f,
            List<Tensor> inputs) {
        return checkSecondOrder(f, inputs, Options.defaults());
    }

    /** Second-order check of a function of one input. */
    public static GradCheckResult checkSecondOrder(java.util.function.Function<Tensor, Tensor> f, Tensor input) {
        return checkSecondOrder(in -> f.apply(in.get(0)), List.of(input));
    }

    public static GradCheckResult checkSecondOrder(java.util.function.Function<List<Tensor>, Tensor> f,
            List<Tensor> inputs, Options options) {
        List<INDArray> v = new ArrayList<>();
        Random random = new Random(options.seed() + 1);
        for (Tensor x : inputs) {
            v.add(randomLike(x.data(), random));
        }
        java.util.function.Function<List<Tensor>, Tensor> gradientProjection = xs -> {
            Tensor loss = Checker.scalarised(f.apply(xs), options.seed());
            if (!loss.requiresGrad()) {
                return Tensor.scalar(DataType.DOUBLE, 0);
            }
            List<Tensor> grads = Autograd.grad(List.of(loss), xs, Autograd.Options.defaults().creatingGraph().allowingUnused());
            Tensor total = null;
            for (int i = 0; i < grads.size(); i++) {
                Tensor term = grads.get(i).mul(Tensor.of(v.get(i))).sum();
                total = total == null ? term : total.add(term);
            }
            return total;
        };
        return new Checker(gradientProjection, inputs, options, "second-order gradient check").run();
    }

    static INDArray randomLike(INDArray like, Random random) {
        double[] values = new double[Math.toIntExact(like.length())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.create(values, like.shape(), 'c');
    }

    /** One run of a check: owns the copies of the inputs it perturbs. */
    private static final class Checker {
        private final java.util.function.Function<List<Tensor>, Tensor> f;
        private final List<Tensor> xs = new ArrayList<>();
        private final Options options;
        private final String title;
        private String opChain = "";

        Checker(java.util.function.Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options,
                String title) {
            this.f = checkNotNull(f, "f");
            this.options = checkNotNull(options, "options");
            this.title = title;
            checkArgument(!inputs.isEmpty(), "GradCheck: no inputs");
            for (int i = 0; i < inputs.size(); i++) {
                Tensor x = inputs.get(i);
                checkArgument(x.dtype() == DataType.DOUBLE,
                        "GradCheck: input %s %s must be DOUBLE: float32 differences cannot tell a bug from rounding "
                                + "(convert with .to(DataType.DOUBLE), or build the model in DOUBLE)", i, x.describe());
                checkArgument(x.isLeaf(), "GradCheck: input %s %s must be a leaf tensor (a parameter or input)", i,
                        x.describe());
                xs.add(x);
            }
        }

        /** Runs the check on the inputs themselves (so a model's own parameters can be checked), restoring them after. */
        GradCheckResult run() {
            boolean[] required = new boolean[xs.size()];
            for (int i = 0; i < xs.size(); i++) {
                required[i] = xs.get(i).requiresGrad();
                xs.get(i).requiresGrad(true);
            }
            try {
                List<INDArray> analytic = analytic();
                return options.directions() > 0 ? directional(analytic) : elementwise(analytic);
            } finally {
                for (int i = 0; i < xs.size(); i++) {
                    xs.get(i).requiresGrad(required[i]);
                }
            }
        }

        static Tensor scalarised(Tensor y, long seed) {
            checkArgument(y.dtype() == DataType.DOUBLE, "GradCheck: f returned %s; it must return a DOUBLE tensor",
                    y.describe());
            if (y.size() == 1) {
                return y.sum();
            }
            return y.mul(Tensor.of(randomLike(y.data(), new Random(seed)))).sum();
        }

        private List<INDArray> analytic() {
            Tensor loss = scalarised(f.apply(xs), options.seed());
            opChain = describeChain(loss);
            List<INDArray> grads = new ArrayList<>();
            if (!loss.requiresGrad()) {
                for (Tensor x : xs) {
                    grads.add(Nd4j.zeros(DataType.DOUBLE, x.shape()));
                }
                return grads;
            }
            for (Tensor g : Autograd.grad(List.of(loss), xs, Autograd.Options.defaults().allowingUnused())) {
                grads.add(g.data().dup('c'));
            }
            return grads;
        }

        private double loss() {
            return scalarised(f.apply(xs), options.seed()).item();
        }

        private GradCheckResult elementwise(List<INDArray> analytic) {
            double eps = options.eps();
            double diffSq = 0;
            double numSq = 0;
            double anSq = 0;
            List<GradCheckResult.Element> compared = new ArrayList<>();
            List<GradCheckResult.Element> kinks = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            double center = loss();
            for (int i = 0; i < xs.size(); i++) {
                INDArray data = xs.get(i).data();
                INDArray grad = analytic.get(i);
                for (long j = 0; j < data.length(); j++) {
                    long at = j;
                    double original = data.getDouble(j);
                    double plus = perturbedLoss(data, at, original, eps);
                    double minus = perturbedLoss(data, at, original, -eps);
                    double numeric = (plus - minus) / (2 * eps);
                    double an = grad.getDouble(j);
                    var element = new GradCheckResult.Element(i, xs.get(i).name(), unravel(j, data.shape()), an, numeric);
                    if (isKink(plus, center, minus, eps, step -> perturbedLoss(data, at, original, step))) {
                        kinks.add(element);
                        continue;
                    }
                    compared.add(element);
                    diffSq += (numeric - an) * (numeric - an);
                    numSq += numeric * numeric;
                    anSq += an * an;
                    if (element.absoluteError() > options.atol() + options.rtol() * Math.abs(numeric)
                            && failures.size() < options.report()) {
                        failures.add(element.toString());
                    }
                }
            }
            double denominator = Math.sqrt(numSq) + Math.sqrt(anSq);
            double relative = denominator == 0 ? 0 : Math.sqrt(diffSq) / denominator;
            compared.sort(Comparator.comparingDouble(GradCheckResult.Element::absoluteError).reversed());
            List<GradCheckResult.Element> worst = compared.subList(0, Math.min(options.report(), compared.size()));
            boolean passed = failures.isEmpty()
                    && (relative <= options.threshold() || Math.sqrt(diffSq) <= noiseFloor(center, compared.size()));
            return new GradCheckResult(title, passed, relative, options.threshold(), worst, kinks, failures, opChain,
                    compared.size());
        }

        /**
         * The size of ‖g_num − g_an‖₂ that rounding alone explains: each central difference carries an
         * error of about 2⁻⁵²·|J|/ε (2e-10·|J| at ε = 1e-6), so 1e-8·max(1, |J|) per element leaves room.
         * Below it the relative error compares rounding noise with rounding noise (e.g. a gradient that
         * is exactly 0 against a numeric 5e-17) and says nothing about the gradient.
         */
        private static double noiseFloor(double loss, int elements) {
            return 1e-8 * Math.max(1, Math.abs(loss)) * Math.sqrt(elements);
        }

        /**
         * A kink: the forward and backward one-sided slopes disagree by a jump. For a smooth J they
         * differ by ε·J'' (plus rounding noise of about 1e-8·|J| at ε = 1e-6), which halves with the
         * step, while a jump at the point does not. A gap above 1e-2·max(1, |slope|) is a kink outright;
         * a smaller gap that is still large against the slopes themselves (a small kink, such as a
         * ReLU whose downstream gradient is small, or the curvature at a nearly stationary point)
         * is told apart by the slopes over half the step, two more evaluations of J ({@code lossAt}).
         */
        private boolean isKink(double plus, double center, double minus, double eps, DoubleUnaryOperator lossAt) {
            double forward = (plus - center) / eps;
            double backward = (center - minus) / eps;
            double gap = Math.abs(forward - backward);
            double slope = Math.max(Math.abs(forward), Math.abs(backward));
            if (gap > 1e-2 * Math.max(1.0, slope)) {
                return true;
            }
            if (gap <= 1e-2 * slope || gap <= 1e-6 * Math.max(1.0, Math.abs(center))) {
                return false;
            }
            double half = eps / 2;
            double halfGap = Math.abs((lossAt.applyAsDouble(half) - center) / half
                    - (center - lossAt.applyAsDouble(-half)) / half);
            return halfGap > 0.75 * gap;
        }

        private GradCheckResult directional(List<INDArray> analytic) {
            Random random = new Random(options.seed() + 2);
            double eps = options.eps();
            double worstRelative = 0;
            List<GradCheckResult.Element> results = new ArrayList<>();
            List<GradCheckResult.Element> kinks = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            double center = loss();
            for (int k = 0; k < options.directions(); k++) {
                List<INDArray> u = new ArrayList<>();
                double an = 0;
                for (int i = 0; i < xs.size(); i++) {
                    INDArray direction = randomLike(xs.get(i).data(), random);
                    u.add(direction);
                    an += analytic.get(i).mul(direction).sumNumber().doubleValue();
                }
                double plus = shiftedLoss(u, eps);
                double minus = shiftedLoss(u, -eps);
                double numeric = (plus - minus) / (2 * eps);
                var element = new GradCheckResult.Element(-1, "direction " + k, new long[0], an, numeric);
                if (isKink(plus, center, minus, eps, step -> shiftedLoss(u, step))) {
                    kinks.add(element);
                    continue;
                }
                double denominator = Math.abs(an) + Math.abs(numeric);
                double relative = denominator == 0 ? 0 : Math.abs(an - numeric) / denominator;
                worstRelative = Math.max(worstRelative, relative);
                results.add(element);
                if (relative > options.threshold() && element.absoluteError() > options.atol()) {
                    failures.add(element + String.format(" (relative error %.3e)", relative));
                }
            }
            results.sort(Comparator.comparingDouble(GradCheckResult.Element::absoluteError).reversed());
            return new GradCheckResult(title + " (" + options.directions() + " random directions)", failures.isEmpty(),
                    worstRelative, options.threshold(), results.subList(0, Math.min(options.report(), results.size())),
                    kinks, failures, opChain, results.size());
        }

        /**
         * J with element {@code j} of {@code data} moved from {@code original} by {@code step}; the element is
         * put back afterwards, also when f throws, so the caller's parameters stay intact.
         */
        private double perturbedLoss(INDArray data, long j, double original, double step) {
            try {
                data.putScalar(j, original + step);
                return loss();
            } finally {
                data.putScalar(j, original);
            }
        }

        private double shiftedLoss(List<INDArray> u, double step) {
            List<INDArray> saved = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                INDArray data = xs.get(i).data();
                saved.add(data.dup());
                data.addi(u.get(i).mul(step));
            }
            try {
                return loss();
            } finally {
                for (int i = 0; i < xs.size(); i++) {
                    xs.get(i).data().assign(saved.get(i));
                }
            }
        }

        private static long[] unravel(long flat, long[] shape) {
            long[] index = new long[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d] = flat % shape[d];
                flat /= shape[d];
            }
            return index;
        }

        private static String describeChain(Tensor loss) {
            if (loss.gradFn() == null) {
                return "(none: the output does not depend on the inputs)";
            }
            Set<String> names = new LinkedHashSet<>();
            for (Node node : Engine.topologicalPostorder(new Node[] {loss.gradFn()})) {
                if (!node.isLeafSink()) {
                    names.add(node.function.name());
                }
            }
            return String.join(" → ", names);
        }
    }
}
