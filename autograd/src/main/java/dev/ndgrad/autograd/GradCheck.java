package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.kernel.Kernels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;

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
 * <p>A check that could not compare is not a pass: it is {@linkplain GradCheckResult.Status#INCONCLUSIVE
 * inconclusive}, with the reason, when an input has fewer than {@link Options#minCompared()} elements off kinks
 * (in the directional mode: fewer directions), when every input is empty (a tensor with a dimension of size 0
 * has no element to compare), and when {@code f} is not deterministic, which two evaluations at the starting
 * point reveal before anything else is done (a dropout left on in training mode: every difference of {@code f}
 * would then be noise).
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

    /**
     * Settings of a check; immutable, with fluent withers.
     *
     * @param minCompared the fewest elements of each input (capped at its size), or in the directional mode the
     *     fewest directions (capped at their number), that must be compared, off kinks, for a verdict; below it the
     *     check is inconclusive
     */
    public record Options(double eps, double threshold, double atol, double rtol, int directions, long seed, int report,
            int minCompared) {

        public Options {
            checkArgument(eps > 0 && Double.isFinite(eps), "GradCheck.Options: eps must be finite and > 0, got %s", eps);
            checkArgument(directions >= 0, "GradCheck.Options: directions must be >= 0, got %s", directions);
            checkArgument(minCompared >= 1, "GradCheck.Options: minCompared must be >= 1, got %s", minCompared);
        }

        /** ε = 1e-6, threshold 1e-5, atol 1e-5, rtol 1e-3, every element, seed 42, 5 worst reported, 1 compared. */
        public static Options defaults() {
            return new Options(1e-6, 1e-5, 1e-5, 1e-3, 0, 42L, 5, 1);
        }

        /** Step of the central difference. */
        public Options withEps(double eps) {
            return new Options(eps, threshold, atol, rtol, directions, seed, report, minCompared);
        }

        /** Largest relative error that passes. */
        public Options withThreshold(double threshold) {
            return new Options(eps, threshold, atol, rtol, directions, seed, report, minCompared);
        }

        public Options withTolerance(double atol, double rtol) {
            return new Options(eps, threshold, atol, rtol, directions, seed, report, minCompared);
        }

        /**
         * The fast mode: compare {@code k} random directional derivatives {@code ⟨∇J, u⟩} with
         * {@code (J(θ + εu) − J(θ − εu)) / 2ε} instead of every element: O(k) passes, for large models.
         */
        public Options withDirections(int k) {
            return new Options(eps, threshold, atol, rtol, k, seed, report, minCompared);
        }

        public Options withSeed(long seed) {
            return new Options(eps, threshold, atol, rtol, directions, seed, report, minCompared);
        }

        /** The fewest elements per input (or directions) compared off kinks for a verdict; default 1. */
        public Options withMinCompared(int minCompared) {
            return new Options(eps, threshold, atol, rtol, directions, seed, report, minCompared);
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
        List<Tensor> v = new ArrayList<>();
        Random random = new Random(options.seed() + 1);
        for (Tensor x : inputs) {
            v.add(Tensor.randn(random, DataType.DOUBLE, x.shape()));
        }
        java.util.function.Function<List<Tensor>, Tensor> gradientProjection = xs -> {
            Tensor loss = Checker.scalarised(f.apply(xs), options.seed());
            if (!loss.requiresGrad()) {
                return Tensor.scalar(DataType.DOUBLE, 0);
            }
            List<Tensor> grads = Autograd.grad(List.of(loss), xs, Autograd.Options.defaults().creatingGraph().allowingUnused());
            Tensor total = null;
            for (int i = 0; i < grads.size(); i++) {
                Tensor term = grads.get(i).mul(v.get(i)).sum();
                total = total == null ? term : total.add(term);
            }
            return total;
        };
        return new Checker(gradientProjection, inputs, options, "second-order gradient check").run();
    }

    /**
     * The check's only access to the storage of its inputs: it reads their values and writes perturbed ones in
     * place (so that {@code f} may use a model's own parameters), never bumping a version, and puts them back.
     */
    private static final class InputValues {
        private InputValues() {}

        static double[] read(Tensor x) {
            return x.toDoubleArray();
        }

        static void write(Tensor x, double[] values) {
            x.updateStorage(s -> Kernels.assign(s, Kernels.fromDoubles(x.dtype(), values, x.shape())));
        }

        /** Element {@code j} in row-major order. */
        static void writeElement(Tensor x, long j, double value) {
            x.updateStorage(s -> Kernels.setElement(s, j, value));
        }
    }

    /** One run of a check: owns the copies of the inputs it perturbs. */
    private static final class Checker {
        /**
         * Two evaluations of a deterministic f at the same point agree to the last bits; more than this (relative
         * to max(1, |J|)) is far beyond any rounding and means a random op, whose noise would swamp every difference.
         */
        private static final double SAME_POINT_TOLERANCE = 1e-10;

        private final java.util.function.Function<List<Tensor>, Tensor> f;
        private final List<Tensor> xs = new ArrayList<>();
        private final Options options;
        private final String title;
        private String opChain = "";

        Checker(java.util.function.Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options,
                String title) {
            this.f = checkNotNull(f, "f");
            this.options = checkNotNull(options, "options");
            this.title = options.directions() > 0 ? title + " (" + options.directions() + " random directions)" : title;
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
                Tensor loss = scalarised(f.apply(xs), options.seed());
                opChain = describeChain(loss);
                if (xs.stream().allMatch(x -> x.size() == 0)) {
                    return GradCheckResult.inconclusive(title, options.threshold(), opChain, unit(), "every input is "
                            + "empty (" + xs.stream().map(Tensor::describe).collect(Collectors.joining(", "))
                            + "): there is no element to compare");
                }
                double center = loss();
                double gap = Math.abs(loss.item() - center);
                if (!(gap <= SAME_POINT_TOLERANCE * Math.max(1, Math.abs(center)))) {
                    return GradCheckResult.inconclusive(title, options.threshold(), opChain, unit(), String.format(
                            "f is not deterministic: two evaluations at the same point differ by %.1e; is dropout or "
                                    + "another random op on?", gap));
                }
                List<double[]> analytic = analytic(loss);
                return options.directions() > 0 ? directional(analytic, center) : elementwise(analytic, center);
            } finally {
                for (int i = 0; i < xs.size(); i++) {
                    xs.get(i).requiresGrad(required[i]);
                }
            }
        }

        private String unit() {
            return options.directions() > 0 ? "direction" : "element";
        }

        static Tensor scalarised(Tensor y, long seed) {
            checkArgument(y.dtype() == DataType.DOUBLE, "GradCheck: f returned %s; it must return a DOUBLE tensor",
                    y.describe());
            if (y.size() == 1) {
                return y.sum();
            }
            return y.mul(Tensor.randn(new Random(seed), DataType.DOUBLE, y.shape())).sum();
        }

        private List<double[]> analytic(Tensor loss) {
            List<double[]> grads = new ArrayList<>();
            if (!loss.requiresGrad()) {
                for (Tensor x : xs) {
                    grads.add(new double[Math.toIntExact(x.size())]);
                }
                return grads;
            }
            for (Tensor g : Autograd.grad(List.of(loss), xs, Autograd.Options.defaults().allowingUnused())) {
                grads.add(g.toDoubleArray());
            }
            return grads;
        }

        private double loss() {
            return scalarised(f.apply(xs), options.seed()).item();
        }

        private GradCheckResult elementwise(List<double[]> analytic, double center) {
            double eps = options.eps();
            double diffSq = 0;
            double numSq = 0;
            double anSq = 0;
            List<GradCheckResult.Element> compared = new ArrayList<>();
            List<GradCheckResult.Element> kinks = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            String tooFew = null;
            for (int i = 0; i < xs.size(); i++) {
                Tensor x = xs.get(i);
                double[] values = InputValues.read(x);
                double[] grad = analytic.get(i);
                int comparedHere = 0;
                for (int j = 0; j < values.length; j++) {
                    int at = j;
                    double plus = perturbedLoss(x, at, values[at], eps);
                    double minus = perturbedLoss(x, at, values[at], -eps);
                    double numeric = (plus - minus) / (2 * eps);
                    var element = new GradCheckResult.Element(i, x.name(), unravel(j, x.shape()), grad[j], numeric);
                    if (isKink(plus, center, minus, eps, step -> perturbedLoss(x, at, values[at], step))) {
                        kinks.add(element);
                        continue;
                    }
                    compared.add(element);
                    comparedHere++;
                    diffSq += (numeric - grad[j]) * (numeric - grad[j]);
                    numSq += numeric * numeric;
                    anSq += grad[j] * grad[j];
                    if (element.absoluteError() > options.atol() + options.rtol() * Math.abs(numeric)
                            && failures.size() < options.report()) {
                        failures.add(element.toString());
                    }
                }
                if (tooFew == null && comparedHere < Math.min(options.minCompared(), values.length)) {
                    tooFew = tooFewElements(i, values.length, comparedHere);
                }
            }
            if (compared.isEmpty() && !kinks.isEmpty()) {
                tooFew = "all " + kinks.size() + " elements sit on kinks";
            }
            double denominator = Math.sqrt(numSq) + Math.sqrt(anSq);
            double relative = denominator == 0 ? 0 : Math.sqrt(diffSq) / denominator;
            if (failures.isEmpty() && relative > options.threshold()
                    && Math.sqrt(diffSq) > noiseFloor(center, compared.size())) {
                failures.add(String.format("the relative error %.3e over all compared elements is above %.1e",
                        relative, options.threshold()));
            }
            return GradCheckResult.of(title, options.threshold(), opChain,
                    new GradCheckResult.Tally(unit(), compared.size(), relative, worst(compared), failures, kinks),
                    tooFew);
        }

        private String tooFewElements(int input, int size, int comparedHere) {
            String name = "input " + input + (xs.get(input).name() == null ? "" : " '" + xs.get(input).name() + "'");
            if (comparedHere == 0) {
                return name + ": " + (size == 1 ? "its only element sits on a kink" : "all " + size
                        + " elements sit on kinks") + ", so its gradient was not compared";
            }
            return String.format("%s: only %d of %d elements compared (%d sit on kinks), fewer than the minimum of %d",
                    name, comparedHere, size, size - comparedHere, options.minCompared());
        }

        private List<GradCheckResult.Element> worst(List<GradCheckResult.Element> compared) {
            List<GradCheckResult.Element> sorted = new ArrayList<>(compared);
            sorted.sort(Comparator.comparingDouble(GradCheckResult.Element::absoluteError).reversed());
            return sorted.subList(0, Math.min(options.report(), sorted.size()));
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
         * A kink: the forward and backward one-sided slopes disagree by a jump. For a smooth J they differ by
         * ε·J'' (plus rounding noise of about 1e-9·|J| at ε = 1e-6), which halves with the step, while a jump at
         * the point does not. So:
         * <ul>
         *   <li>a gap above 1e-2·max(1, |slope|) is a kink outright (no curvature a step of ε shows so strongly);</li>
         *   <li>a gap within 1e-6·max(1, |J|, |slope|) is smooth: even a jump that small would move the central
         *       difference by less than the tolerances can see;</li>
         *   <li>in between, the slopes over half the step decide ({@code lossAt}, two more evaluations of J): the
         *       gap halves for curvature and stays for a jump. A jump small against the slope (a ReLU at 0 whose
         *       effect on J is small beside the rest of the slope) is found this way.</li>
         * </ul>
         */
        private boolean isKink(double plus, double center, double minus, double eps, DoubleUnaryOperator lossAt) {
            double forward = (plus - center) / eps;
            double backward = (center - minus) / eps;
            double gap = Math.abs(forward - backward);
            double slope = Math.max(Math.abs(forward), Math.abs(backward));
            if (gap > 1e-2 * Math.max(1.0, slope)) {
                return true;
            }
            if (gap <= 1e-6 * Math.max(Math.max(1.0, Math.abs(center)), slope)) {
                return false;
            }
            double half = eps / 2;
            double halfGap = Math.abs((lossAt.applyAsDouble(half) - center) / half
                    - (center - lossAt.applyAsDouble(-half)) / half);
            return halfGap > 0.75 * gap;
        }

        private GradCheckResult directional(List<double[]> analytic, double center) {
            Random random = new Random(options.seed() + 2);
            double eps = options.eps();
            double worstRelative = 0;
            List<GradCheckResult.Element> results = new ArrayList<>();
            List<GradCheckResult.Element> kinks = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (int k = 0; k < options.directions(); k++) {
                List<double[]> u = new ArrayList<>();
                double an = 0;
                for (int i = 0; i < xs.size(); i++) {
                    double[] direction = Tensor.randn(random, DataType.DOUBLE, xs.get(i).shape()).toDoubleArray();
                    u.add(direction);
                    for (int j = 0; j < direction.length; j++) {
                        an += analytic.get(i)[j] * direction[j];
                    }
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
            int directions = options.directions();
            String tooFew = results.size() >= Math.min(options.minCompared(), directions) ? null
                    : results.isEmpty() ? "all " + directions + " directions sit on kinks"
                    : String.format("only %d of %d directions compared (%d sit on kinks), fewer than the minimum of %d",
                            results.size(), directions, kinks.size(), options.minCompared());
            return GradCheckResult.of(title, options.threshold(), opChain,
                    new GradCheckResult.Tally(unit(), results.size(), worstRelative, worst(results), failures, kinks),
                    tooFew);
        }

        /**
         * J with element {@code j} of {@code x} moved from {@code original} by {@code step}; the element is put
         * back afterwards, also when f throws, so the caller's parameters stay intact.
         */
        private double perturbedLoss(Tensor x, long j, double original, double step) {
            try {
                InputValues.writeElement(x, j, original + step);
                return loss();
            } finally {
                InputValues.writeElement(x, j, original);
            }
        }

        /** J at θ + step·u, every input moved at once; the inputs are put back afterwards, also when f throws. */
        private double shiftedLoss(List<double[]> u, double step) {
            List<double[]> saved = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                double[] values = InputValues.read(xs.get(i));
                saved.add(values.clone());
                double[] direction = u.get(i);
                for (int j = 0; j < values.length; j++) {
                    values[j] += step * direction[j];
                }
                InputValues.write(xs.get(i), values);
            }
            try {
                return loss();
            } finally {
                for (int i = 0; i < xs.size(); i++) {
                    InputValues.write(xs.get(i), saved.get(i));
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
