package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.OpSpec.OpCase;
import dev.ndgrad.autograd.kernel.KernelPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every row of the {@link OpTable} on empty shapes (one dimension size set to 0 throughout the row's layout, see
 * {@link ShapeGen#withEmptyDimension}), on the host path and on ND4J. An op either computes what NumPy and
 * PyTorch compute (a sum of nothing is 0, a mean NaN, a product with an empty inner dimension zeros; gradients of
 * each input's own shape) or refuses the input with an error of its own that names the op; never an ND4J message,
 * and the two paths agree on which, and on every value. Where a non-empty input is left, its gradient passes the
 * first- and second-order checks; where every input is empty, the check says it compared nothing.
 */
class EmptyShapeProperties {

    /** Rows that refuse every empty input, as NumPy and PyTorch do, with the reason. */
    static final Map<String, String> ALWAYS_REFUSED = Map.of(
            "max()", "the maximum of no elements is undefined (torch.max() and numpy.max refuse it too)",
            "norm(inf)", "the largest magnitude of no elements is undefined (torch.linalg.vector_norm refuses the inf "
                    + "norm of an empty tensor too)");

    /**
     * An ndgrad error names its op first: {@code "max: axis 0 of DOUBLE[0, 3] is empty; …"}, {@code "matmul (batch
     * dimensions): shapes [0] and [2] cannot be broadcast: …"}.
     */
    private static final Pattern NAMES_THE_OP = Pattern.compile("^[a-z][A-Za-z0-9]*( \\([a-z ]+\\))?: .+",
            Pattern.DOTALL);

    @Provide
    Arbitrary<OpCase> emptyCases() {
        List<Tuple.Tuple2<Integer, Arbitrary<OpCase>>> rows = OpTable.OPS.stream()
                .map(op -> Tuple.of(op.tries(), op.emptyCases())).toList();
        return Arbitraries.frequencyOf(rows);
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void onEmptyShapesEveryOpComputesNumpysResultOrRefusesByName(@ForAll("emptyCases") OpCase c) {
        Outcome outcome = check(c);
        Statistics.label("outcome").collect(outcome.refusal == null ? "computed" : "refused");
        Statistics.label("op").collect(c.op().name());
    }

    /** Every row, on one empty case from a fixed seed (its position in the table), whatever the random draw above. */
    @Example
    void everyRowOnOneEmptyCase() {
        for (int i = 0; i < OpTable.OPS.size(); i++) {
            check(emptyCaseOf(OpTable.OPS.get(i), i));
        }
    }

    /**
     * Refusing is allowed only where the layout leaves nothing sensible; every row but the declared ones computes
     * on some empty case among the first 40 seeds.
     */
    @Example
    void everyRowComputesOnSomeEmptyShape() {
        Set<String> neverComputed = new TreeSet<>();
        for (OpSpec op : OpTable.OPS) {
            boolean computed = false;
            for (long seed = 0; seed < 40 && !computed; seed++) {
                computed = outcome(emptyCaseOf(op, seed)).refusal == null;
            }
            if (!computed) {
                neverComputed.add(op.name());
            }
        }
        assertEquals(new TreeSet<>(ALWAYS_REFUSED.keySet()), neverComputed,
                "rows that refused every empty case (each must compute on some, or be declared in ALWAYS_REFUSED)");
    }

    static OpCase emptyCaseOf(OpSpec op, long seed) {
        return op.emptyCases().generator(100).next(new Random(seed)).value();
    }

    /** The outcome on both paths, which must agree; then the refusal's message, or the gradients' checks. */
    @SuppressWarnings("try")
    private static Outcome check(OpCase c) {
        Outcome host = outcome(c);
        Outcome nd4j;
        try (var scope = KernelPath.nd4jOnly()) {
            nd4j = outcome(c);
        }
        host.assertSameAs(nd4j, c);
        if (host.refusal != null) {
            RuntimeException e = host.refusal;
            assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException,
                    () -> "an op refuses an empty input with IllegalArgumentException or IndexOutOfBoundsException: " + c
                            + "\n" + e);
            String message = String.valueOf(e.getMessage());
            assertTrue(NAMES_THE_OP.matcher(message).matches() && !message.toLowerCase().contains("nd4j"),
                    () -> "the refusal must name the op, not ND4J: " + c + "\n" + message);
            return host;
        }
        checkGradients(c, host);
        return host;
    }

    /** Non-empty inputs pass the gradient checks (where the output is finite); all-empty ones compare nothing. */
    private static void checkGradients(OpCase c, Outcome computed) {
        List<Tensor> xs = c.inputs();
        boolean anyElement = xs.stream().anyMatch(x -> x.size() > 0);
        GradCheckResult first = GradCheck.check(c::apply, xs);
        if (!anyElement) {
            assertTrue(first.isInconclusive(), () -> "every input is empty, so nothing can be compared: " + c + "\n"
                    + first);
            return;
        }
        if (Arrays.stream(computed.value).allMatch(Double::isFinite)) {
            assertTrue(first.passed(), () -> c + "\n" + first);
            if (c.op().order() >= 2) {
                GradCheckResult second = GradCheck.checkSecondOrder(c::apply, xs);
                assertTrue(second.passed(), () -> c + "\n" + second);
            }
        }
    }

    /** The op applied on the current path: its refusal, or its output and each input's gradient. */
    private static Outcome outcome(OpCase c) {
        List<Tensor> xs = c.inputs();
        xs.forEach(x -> x.requiresGrad(true));
        Tensor y;
        try {
            y = c.apply(xs);
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            return new Outcome(e, null, null, null, null);
        }
        // the backward must work whenever the forward did: a refusal there would come too late
        Tensor weights = Tensor.randn(new Random(7), DataType.DOUBLE, y.shape());
        List<Tensor> grads = y.requiresGrad()
                ? Autograd.grad(List.of(y), xs, Autograd.Options.defaults().withGradOutputs(List.of(weights))
                        .allowingUnused())
                : xs.stream().map(x -> Tensor.zeros(x.dtype(), x.shape())).toList();
        List<long[]> gradShapes = new ArrayList<>();
        List<double[]> gradValues = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            Tensor g = grads.get(i);
            int at = i;
            assertArrayEquals(xs.get(i).shape(), g.shape(), () -> "the gradient of input " + at + " has its shape: " + c);
            gradShapes.add(g.shape());
            gradValues.add(g.toDoubleArray());
        }
        return new Outcome(null, y.shape(), y.toDoubleArray(), gradShapes, gradValues);
    }

    private record Outcome(RuntimeException refusal, long[] shape, double[] value, List<long[]> gradShapes,
            List<double[]> gradValues) {

        void assertSameAs(Outcome nd4j, OpCase c) {
            if (refusal != null || nd4j.refusal != null) {
                assertTrue(refusal != null && nd4j.refusal != null
                        && refusal.getClass() == nd4j.refusal.getClass()
                        && String.valueOf(refusal.getMessage()).equals(String.valueOf(nd4j.refusal.getMessage())),
                        () -> "the two paths must refuse alike: " + c + "\nhost: " + describe(refusal) + "\nND4J: "
                                + describe(nd4j.refusal));
                return;
            }
            assertArrayEquals(shape, nd4j.shape, () -> "output shape on the two paths: " + c);
            assertClose(value, nd4j.value, "output", c);
            for (int i = 0; i < gradValues.size(); i++) {
                assertClose(gradValues.get(i), nd4j.gradValues.get(i), "gradient of input " + i, c);
            }
        }

        private static String describe(RuntimeException e) {
            return e == null ? "computed" : e.toString();
        }

        private static void assertClose(double[] host, double[] nd4j, String what, OpCase c) {
            assertEquals(host.length, nd4j.length, () -> what + ": element count on the two paths: " + c);
            double scale = Arrays.stream(host).filter(Double::isFinite).map(Math::abs).max().orElse(0);
            for (int i = 0; i < host.length; i++) {
                int at = i;
                boolean same = Double.compare(host[i], nd4j[i]) == 0
                        || Math.abs(host[i] - nd4j[i]) <= 1e-12 * Math.max(1, scale);
                assertFalse(!same, () -> what + " element " + at + " differs between the host path (" + host[at]
                        + ") and ND4J (" + nd4j[at] + "): " + c);
            }
        }
    }
}
