package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Shapes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.OpSpec.OpCase;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import dev.ndgrad.autograd.kernel.KernelPath;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Expands the {@link OpTable}: every op, on random small shapes (broadcasting pairs for binary ops)
 * and values from its domain, passes a first- and a second-order gradient check in DOUBLE on each
 * kernel path (the host path and ND4J), and the two paths compute the same values. Rows are drawn in
 * proportion to their {@code tries}, and every row is also checked once on its own (with a fixed seed per
 * row, so a failure reproduces), so no row goes unchecked in a run; a failure of the random property
 * shrinks the shapes and values of the failing case.
 *
 * <p>Also: every registered primitive and every public differentiable Tensor method has a row, the paths
 * agree in FLOAT, and broadcasting binary ops agree with plain Java loops on the doubles.
 */
class OpProperties {

    /** Tries of the gradient property: the sum of the rows' tries, so each row gets its share on average. */
    static final int CHECKS = 900;

    @Provide
    Arbitrary<OpCase> opCases() {
        // a row is picked in proportion to its tries; the row's layout and values are then generated (and shrunk)
        List<Tuple.Tuple2<Integer, Arbitrary<OpCase>>> rows = OpTable.OPS.stream()
                .map(op -> Tuple.of(op.tries(), op.cases())).toList();
        return Arbitraries.frequencyOf(rows);
    }

    @Property(tries = CHECKS, edgeCases = EdgeCasesMode.NONE)
    void gradientsMatchCentralDifferences(@ForAll("opCases") OpCase c) {
        Statistics.collect(c.op().name());
        check(c);
    }

    /**
     * Every row, once, whatever the random choice of rows above: no op goes unchecked in a run. Each row's case
     * comes from a fixed seed (its position in the table), so a failure here reproduces.
     */
    @Example
    void everyRowPassesOnOneGeneratedCase() {
        for (int i = 0; i < OpTable.OPS.size(); i++) {
            check(caseOf(OpTable.OPS.get(i), i));
        }
    }

    static OpCase caseOf(OpSpec op, long seed) {
        return op.cases().generator(100).next(new Random(seed)).value();
    }

    /** Every primitive ndgrad declares is applied by the forward of at least one row: none lacks its checks. */
    @Example
    void everyRegisteredPrimitiveHasARow() {
        Set<String> applied = new TreeSet<>();
        Autograd.ThreadState state = Autograd.state();
        for (int i = 0; i < OpTable.OPS.size(); i++) {
            for (int k = 0; k < 8; k++) {       // a few cases per row: options such as a bias come and go
                OpCase c = caseOf(OpTable.OPS.get(i), 1000L * i + k);
                List<Tensor> xs = c.inputs();
                xs.forEach(x -> x.requiresGrad(true));
                state.appliedKinds = applied;
                try {
                    c.apply(xs);
                } finally {
                    state.appliedKinds = null;
                }
            }
        }
        Set<String> missing = new TreeSet<>(OpRegistry.all().keySet());
        missing.removeAll(applied);
        assertTrue(missing.isEmpty(), () -> "registered primitives that no OpTable row applies (add a row): " + missing);
    }

    @Example
    void triesAddUpToTheTable() {
        assertEquals(OpTable.OPS.stream().mapToInt(OpSpec::tries).sum(), CHECKS,
                "CHECKS must equal the total tries of the table");
    }

    /** The gradient checks on the host path and on ND4J, and the two paths' values against each other. */
    @SuppressWarnings("try")
    private static void check(OpCase c) {
        checkOnePath(c, "host path");
        try (var nd4j = KernelPath.nd4jOnly()) {
            checkOnePath(c, "ND4J path");
        }
        assertSameValues(c, DataType.DOUBLE, 1e-12);
    }

    private static void checkOnePath(OpCase c, String path) {
        List<Tensor> xs = c.inputs();
        GradCheck.Options options = GradCheck.Options.defaults().withEps(c.op().eps());
        GradCheckResult first = GradCheck.check(c::apply, xs, options);
        assertTrue(first.passed(), () -> path + ": " + c + "\n" + first);
        assertTrue(first.kinks().isEmpty(), () -> "the domain should keep away from kinks: " + c + "\n" + first);
        if (c.op().order() >= 2) {
            GradCheckResult second = GradCheck.checkSecondOrder(c::apply, xs, options);
            assertTrue(second.passed(), () -> path + ": " + c + "\n" + second);
            assertTrue(second.kinks().isEmpty(), () -> "the domain should keep away from kinks: " + c + "\n" + second);
        }
    }

    /**
     * The row's forward values on the host path and on ND4J, with inputs in {@code dtype}, agree to {@code rtol}
     * of the output's largest magnitude (sums and products may round in another order on the two paths).
     */
    @SuppressWarnings("try")
    static void assertSameValues(OpCase c, DataType dtype, double rtol) {
        double[] host = c.apply(c.inputs(dtype)).toDoubleArray();
        double[] nd4j;
        try (var scope = KernelPath.nd4jOnly()) {
            nd4j = c.apply(c.inputs(dtype)).toDoubleArray();
        }
        assertEquals(host.length, nd4j.length, () -> "value count on the two paths: " + c);
        double scale = 1;
        for (double v : host) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < host.length; i++) {
            double tolerance = rtol * scale;
            int at = i;
            assertTrue(Math.abs(host[i] - nd4j[i]) <= tolerance || (Double.isNaN(host[i]) && Double.isNaN(nd4j[i]))
                    || host[i] == nd4j[i], () -> dtype + " value " + at + " differs between the host path ("
                    + host[at] + ") and ND4J (" + nd4j[at] + "): " + c);
        }
    }

    /** In FLOAT too the two paths agree, to a few float ulps of the output's scale. */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void floatValuesAgreeOnBothPaths(@ForAll("opCases") OpCase c) {
        Statistics.collect(c.op().name());
        assertSameValues(c, DataType.FLOAT, 4e-6);
    }

    @Example
    void everyPublicDifferentiableTensorMethodHasARow() {
        Set<String> methods = new TreeSet<>();
        for (Method m : Tensor.class.getMethods()) {
            if (m.getReturnType() == Tensor.class && Modifier.isPublic(m.getModifiers())) {
                methods.add(signature(m));
            }
        }
        Set<String> missing = new TreeSet<>(methods);
        missing.removeAll(OpTable.coveredSignatures());
        missing.removeAll(OpTable.NOT_DIFFERENTIABLE);
        assertTrue(missing.isEmpty(), () -> "public Tensor methods without a row in OpTable (add a row, or list them "
                + "in OpTable.NOT_DIFFERENTIABLE if they are not differentiable): " + missing);
        Set<String> stale = new TreeSet<>(OpTable.coveredSignatures());
        stale.addAll(OpTable.NOT_DIFFERENTIABLE);
        stale.removeAll(methods);
        assertTrue(stale.isEmpty(), () -> "OpTable names methods that Tensor does not have: " + stale);
    }

    private static String signature(Method m) {
        return m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",")) + ")";
    }

    // ------------------------------------------------------------------ forward values against plain loops

    /** A broadcasting binary op and its scalar meaning. */
    enum Binary {
        ADD(Tensor::add, (a, b) -> a + b),
        SUB(Tensor::sub, (a, b) -> a - b),
        MUL(Tensor::mul, (a, b) -> a * b),
        DIV(Tensor::div, (a, b) -> a / b),
        POW(Tensor::pow, Math::pow),
        MAXIMUM(Tensor::maximum, Math::max),
        MINIMUM(Tensor::minimum, Math::min),
        EQ(Tensor::eq, (a, b) -> a == b ? 1 : 0);

        final BinaryOperator<Tensor> op;
        final DoubleBinaryOperator reference;

        Binary(BinaryOperator<Tensor> op, DoubleBinaryOperator reference) {
            this.op = op;
            this.reference = reference;
        }
    }

    @Provide
    Arbitrary<List<long[]>> broadcastPairs() {
        return ShapeGen.broadcasting(2, 3);
    }

    @Provide
    Arbitrary<List<long[]>> broadcastTriples() {
        return ShapeGen.broadcasting(3, 3);
    }

    @Provide
    Arbitrary<DataType> floatingTypes() {
        return Arbitraries.of(DataType.FLOAT, DataType.DOUBLE);
    }

    @Property(tries = 300)
    void broadcastingBinaryOpsMatchPlainLoops(@ForAll("broadcastPairs") List<long[]> shapes, @ForAll Binary op,
            @ForAll("floatingTypes") DataType dtype, @ForAll long seed) {
        Random random = new Random(seed);
        long[] sa = shapes.get(0);
        long[] sb = shapes.get(1);
        // positive bases for pow, divisors away from 0, small integers so that eq finds equal pairs
        double[] a = values(sa, random, op == Binary.EQ ? 0 : 0.5, op != Binary.POW, dtype);
        double[] b = values(sb, random, op == Binary.EQ ? 0 : 0.5, true, dtype);
        if (op == Binary.EQ) {
            a = Arrays.stream(a).map(v -> Math.floor(v * 1.5)).toArray();
            b = Arrays.stream(b).map(v -> Math.floor(v * 1.5)).toArray();
        }
        Tensor y = op.op.apply(tensor(a, sa, dtype), tensor(b, sb, dtype));
        long[] shape = Reference.broadcastShape(sa, sb);
        double[] expected = Reference.broadcast(shape, a, sa, b, sb, op.reference);
        Reference.assertClose(op + " " + Arrays.toString(sa) + " with " + Arrays.toString(sb), shape, expected, y,
                dtype);
    }

    /** The pairs the issue names, and the rank mismatch ND4J itself gets wrong ([3] with [2, 1]), always checked. */
    @Example
    void namedBroadcastingPairsMatchPlainLoops() {
        long[][][] pairs = {{{4, 2, 3}, {2, 1}}, {{3}, {2, 3}}, {{}, {2, 3}}, {{2, 3}, {}}, {{3}, {2, 1}},
            {{2, 1, 1}, {3}}, {{1, 3}, {2, 1}}};
        for (long[][] pair : pairs) {
            for (Binary op : Binary.values()) {
                for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
                    broadcastingBinaryOpsMatchPlainLoops(List.of(pair[0], pair[1]), op, dtype, 17);
                }
            }
        }
    }

    @Property(tries = 100)
    void whereMatchesPlainLoops(@ForAll("broadcastTriples") List<long[]> shapes,
            @ForAll("floatingTypes") DataType dtype, @ForAll long seed) {
        Random random = new Random(seed);
        double[] c = values(shapes.get(0), random, 0, true, dtype);
        double[] a = values(shapes.get(1), random, 0, true, dtype);
        double[] b = values(shapes.get(2), random, 0, true, dtype);
        double[] mask = Arrays.stream(c).map(v -> v > 0 ? 1 : 0).toArray();
        Tensor y = Tensor.where(tensor(mask, shapes.get(0), dtype), tensor(a, shapes.get(1), dtype),
                tensor(b, shapes.get(2), dtype));
        long[] ab = Reference.broadcastShape(shapes.get(1), shapes.get(2));
        long[] shape = Reference.broadcastShape(shapes.get(0), ab);
        double[] chosenA = Reference.broadcast(shape, mask, shapes.get(0), a, shapes.get(1),
                (m, x) -> m != 0 ? x : Double.NaN);
        double[] expected = Reference.broadcast(shape, chosenA, shape, b, shapes.get(2),
                (x, other) -> Double.isNaN(x) ? other : x);
        Reference.assertClose("where " + shapes.stream().map(Arrays::toString).collect(Collectors.joining(", ")),
                shape, expected, y, dtype);
    }

    private static double[] values(long[] shape, Random random, double minMagnitude, boolean signed, DataType dtype) {
        double[] v = new double[Math.toIntExact(Shapes.length(shape))];
        for (int i = 0; i < v.length; i++) {
            double magnitude = minMagnitude + (2 - minMagnitude) * random.nextDouble();
            double x = signed && random.nextBoolean() ? -magnitude : magnitude;
            v[i] = dtype == DataType.FLOAT ? (float) x : x;
        }
        return v;
    }

    private static Tensor tensor(double[] values, long[] shape, DataType dtype) {
        return Tensor.of(Nd4j.create(values, shape, 'c').castTo(dtype));
    }
}
