package dev.ndgrad.tests.fuzz;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.KernelPath;
import dev.ndgrad.tests.fuzz.Graph.Kind;
import dev.ndgrad.tests.fuzz.Graph.Sink;
import dev.ndgrad.tests.fuzz.Graph.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds a {@link Graph} from a {@link Recipe}, deterministically: the first leaves, then for each step its op's
 * planner picks inputs (most often values already in the graph, so that one value feeds many ops, else fresh leaves
 * of fitting shapes) and parameters, and the step is run at once to know its values. A value an op's domain does
 * not accept is guarded or replaced first ({@link ValueDomain}); a step whose result is not finite or exceeds
 * {@link #LIMIT} is dropped with the leaves it made. The loss sums every value that no later step reads.
 *
 * <p>With <em>edge values</em> (for the comparison with PyTorch, which needs no central difference) leaves hold only
 * {@link #EDGE_VALUES} and domains are not enforced, so that ops meet their kinks, ties and zeros: relu and abs at 0,
 * clamp at its bounds, ties of max and maximum, pow at 0, sqrt at 0 (an infinite gradient). Values stay finite.
 */
final class GraphBuilder {

    /** The largest magnitude a value may have: beyond, central differences lose too many digits to judge. */
    static final double LIMIT = 1e3;

    /** The values of leaves with edge values: zeros, ties, clamp's bounds. */
    static final double[] EDGE_VALUES = {0, 0.5, -0.5, 1, -1, 2};

    /** Dimensions of fresh shapes: mostly 1 to 3, sometimes 4, sometimes 0 (an empty tensor). */
    private static final long[] DIMS = {1, 2, 3, 2, 1, 3, 2, 4, 1, 2, 3, 2, 1, 3, 2, 4, 1, 2, 3, 0};

    private GraphBuilder() {}

    static Graph build(Recipe recipe, List<GraphOp> catalogue) {
        Pool pool = new Pool(new Random(recipe.seed()), recipe.nd4jPath(), recipe.edgeValues());
        try (var path = recipe.nd4jPath() ? KernelPath.nd4jOnly() : null; var noGrad = Autograd.noGrad()) {
            for (Recipe.LeafSpec leaf : recipe.leaves()) {
                long[] shape = leaf.shape().stream().mapToLong(Long::longValue).toArray();
                int id = pool.fresh(shape, ValueDomain.REAL);
                if (leaf.constant()) {
                    pool.makeConstant(id);
                }
            }
            for (Recipe.StepSpec step : recipe.steps()) {
                GraphOp op = catalogue.get(Math.floorMod(step.op(), catalogue.size()));
                int mark = pool.size();
                Call call = op.planner().plan(pool, new Choices(step.choices()));
                if (call == null || pool.apply(op, call, step.noGrad()) < 0) {
                    pool.rollback(mark);
                }
            }
        }
        return pool.graph();
    }

    /** The graph being built, as the planners see it. */
    static final class Pool {
        private final Random random;
        private final boolean nd4jPath;
        private final boolean edgeValues;
        private final List<Value> values = new ArrayList<>();
        private final List<Tensor> tensors = new ArrayList<>();

        Pool(Random random, boolean nd4jPath, boolean edgeValues) {
            this.random = random;
            this.nd4jPath = nd4jPath;
            this.edgeValues = edgeValues;
        }

        /** Whether leaves hold edge values and domains, ties and kinks are not avoided (see the class comment). */
        boolean edgeValues() {
            return edgeValues;
        }

        int size() {
            return values.size();
        }

        long[] shape(int id) {
            return values.get(id).shape();
        }

        double[] values(int id) {
            return values.get(id).values();
        }

        int rank(int id) {
            return shape(id).length;
        }

        Random random() {
            return random;
        }

        /**
         * A DOUBLE value already in the graph whose shape {@code fits}, most recent first, chosen by {@code c}; −1
         * when there is none or when {@code c} asks for a fresh one.
         */
        int pick(Choices c, Predicate<long[]> fits) {
            List<Integer> candidates = new ArrayList<>();
            for (int id = values.size() - 1; id >= 0; id--) {
                Value v = values.get(id);
                if (v.dtype() == DataType.DOUBLE && v.kind() != Kind.INDEX && fits.test(v.shape())) {
                    candidates.add(id);
                }
            }
            int choice = c.next(candidates.size() + 1);
            return choice < candidates.size() ? candidates.get(choice) : -1;
        }

        /** A value of rank ≥ {@code minRank} from the graph or a fresh leaf, inside {@code domain}. */
        int input(Choices c, int minRank, ValueDomain domain) {
            return input(c, s -> s.length >= minRank, () -> shape(c, minRank, 3), domain);
        }

        /** A value whose shape {@code fits} from the graph, else a fresh leaf of shape {@code fresh}; inside {@code domain}. */
        int input(Choices c, Predicate<long[]> fits, java.util.function.Supplier<long[]> fresh, ValueDomain domain) {
            int id = pick(c, fits);
            return id < 0 ? fresh(fresh.get(), domain) : within(id, domain);
        }

        /** {@code id} if its values lie in {@code domain}; else guarded into it, or a fresh leaf of its shape. */
        int within(int id, ValueDomain domain) {
            if ((edgeValues && !domain.keptAtEdgeValues()) || domain.accepts(values(id))) {
                return id;
            }
            if (!domain.guarded()) {
                return fresh(shape(id), domain);
            }
            // smooth maps into the domain, applied as the graph's own ops: σ(x) + 0.5 ∈ (0.5, 1.5), 2·tanh(x) ∈ (−2, 2)
            int guarded = domain == ValueDomain.BOUNDED || domain == ValueDomain.EXPONENT
                    ? applyOrFail(GraphOps.MUL_SCALAR, Call.on(applyOrFail(GraphOps.TANH, Call.on(id)), 2.0))
                    : applyOrFail(GraphOps.ADD_SCALAR, Call.on(applyOrFail(GraphOps.SIGMOID, Call.on(id)), 0.5));
            return domain.accepts(values(guarded)) ? guarded : fresh(shape(id), domain);
        }

        /** A fresh variable of {@code shape} with values from {@code domain}. */
        int fresh(long[] shape, ValueDomain domain) {
            double[] v = new double[length(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = edgeValues ? edgeValue(domain) : domain.draw(random);
            }
            return leaf(Kind.VARIABLE, shape, DataType.DOUBLE, v);
        }

        /** One of the {@link #EDGE_VALUES} (one the domain accepts, if the domain is kept at edge values). */
        private double edgeValue(ValueDomain domain) {
            double[] allowed = domain.keptAtEdgeValues()
                    ? Arrays.stream(EDGE_VALUES).filter(domain::accepts).toArray() : EDGE_VALUES;
            return allowed[random.nextInt(allowed.length)];
        }

        /** A fresh variable of {@code shape} whose values are pairwise at least 4/n apart (ties are kinks of max). */
        int freshDistinct(long[] shape) {
            if (edgeValues) {
                return fresh(shape, ValueDomain.REAL);
            }
            int n = length(shape);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, random);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = Math.round((-2 + 4.0 * order.get(i) / Math.max(1, n - 1)) * 100) / 100.0;
            }
            return leaf(Kind.VARIABLE, shape, DataType.DOUBLE, v);
        }

        /** A constant 0/1 mask of {@code shape}. */
        int mask(long[] shape) {
            double[] v = new double[length(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextBoolean() ? 1 : 0;
            }
            return leaf(Kind.CONSTANT, shape, DataType.DOUBLE, v);
        }

        /** A constant LONG index of {@code shape} with entries in {@code [0, bound)} (bound ≥ 1 unless it is empty). */
        int index(long[] shape, long bound) {
            double[] v = new double[length(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextInt((int) bound);
            }
            return leaf(Kind.INDEX, shape, DataType.LONG, v);
        }

        void makeConstant(int id) {
            Value v = values.get(id);
            values.set(id, new Value(Kind.CONSTANT, v.shape(), v.dtype(), v.values(), null, null, false));
        }

        /** A random shape of rank {@code minRank..maxRank} drawn with {@code c}. */
        long[] shape(Choices c, int minRank, int maxRank) {
            int rank = minRank + c.next(maxRank - minRank + 1);
            long[] s = new long[rank];
            for (int i = 0; i < rank; i++) {
                s[i] = dim(c);
            }
            return s;
        }

        /** A dimension drawn with {@code c}: mostly 1 to 3, sometimes 4 or 0. */
        long dim(Choices c) {
            return DIMS[c.next(DIMS.length)];
        }

        /** A non-empty dimension drawn with {@code c}. */
        long nonEmptyDim(Choices c) {
            long d = dim(c);
            return d == 0 ? 1 : d;
        }

        private int leaf(Kind kind, long[] shape, DataType dtype, double[] v) {
            Tensor t = kind == Kind.INDEX ? Graph.index(v, shape) : Graph.constant(v, shape);
            return add(new Value(kind, shape.clone(), dtype, v, null, null, false), t);
        }

        private int add(Value v, Tensor t) {
            values.add(v);
            tensors.add(t);
            return values.size() - 1;
        }

        /**
         * Runs {@code op} as {@code call} and adds the step; −1 (and nothing added) if its result is not a finite
         * floating value within {@link #LIMIT}.
         */
        int apply(GraphOp op, Call call, boolean noGrad) {
            Tensor t = op.apply(call, tensors::get);
            double[] v = t.toDoubleArray();
            if (!t.dtype().isFPType() || !Arrays.stream(v).allMatch(x -> Double.isFinite(x) && Math.abs(x) <= LIMIT)) {
                return -1;
            }
            return add(new Value(Kind.STEP, t.shape(), t.dtype(), v, op, call, noGrad), t);
        }

        /** As {@link #apply}, for the guards, whose results always fit. */
        private int applyOrFail(GraphOp op, Call call) {
            int id = apply(op, call, false);
            if (id < 0) {
                throw new IllegalStateException(op + " gave a value out of range as a guard");
            }
            return id;
        }

        void rollback(int mark) {
            while (values.size() > mark) {
                values.remove(values.size() - 1);
                tensors.remove(tensors.size() - 1);
            }
        }

        /** The graph: every DOUBLE step that no later step reads is a sink, weighted by fresh values in [−1, 1]. */
        Graph graph() {
            BitSet read = new BitSet(values.size());
            for (Value v : values) {
                if (v.isStep()) {
                    v.call().inputs().forEach(read::set);
                }
            }
            List<Sink> sinks = new ArrayList<>();
            for (int id = 0; id < values.size(); id++) {
                Value v = values.get(id);
                if (v.isStep() && !read.get(id) && v.dtype() == DataType.DOUBLE) {
                    double[] w = new double[(int) v.size()];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = Math.round((-1 + 2 * random.nextDouble()) * 100) / 100.0;
                    }
                    sinks.add(new Sink(id, w));
                }
            }
            return new Graph(values, sinks, nd4jPath, edgeValues).pruned();
        }

        private static int length(long[] shape) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return Math.toIntExact(n);
        }
    }
}
