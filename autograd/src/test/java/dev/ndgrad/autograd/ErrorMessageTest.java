package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input fails early with a message naming the op, the shapes or dtypes, and what was expected. */
class ErrorMessageTest {

    private static final DataType D = DataType.DOUBLE;

    /** Asserts that {@code call} throws {@code type} with a message containing every fragment. */
    private static <T extends Throwable> T assertFails(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                    () -> "message should contain '" + fragment + "': " + e.getMessage());
        }
        return e;
    }

    private static Tensor t(long... shape) {
        return Tensor.ones(D, shape);
    }

    // ------------------------------------------------------------------ shapes

    @Test
    void matmulNamesBothShapesAndTheInnerDimensions() {
        assertFails(IllegalArgumentException.class, () -> t(2, 3).matmul(t(4, 5)),
                "matmul: [2, 3] @ [4, 5]: inner dimensions 3 and 4 differ");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).matmul(t(2, 3), false, false),
                "matmul", "inner dimensions 3 and 2 differ");
        // a vector multiplies as NumPy's matmul, but not with transpose flags
        assertFails(IllegalArgumentException.class, () -> t(4).matmul(t(3, 2)),
                "matmul: [4] @ [3, 2]: inner dimensions 4 and 3 differ");
        assertFails(IllegalArgumentException.class, () -> t(3).matmul(t(3, 2), false, false), "matmul", "[3]",
                "rank >= 2");
        assertFails(IllegalArgumentException.class, () -> t(2, 2, 3).matmul(t(3, 3, 4)), "matmul", "[2]", "[3]",
                "cannot be broadcast");
        // with transpose flags the message marks the transposed operand
        assertFails(IllegalArgumentException.class, () -> t(2, 3).matmul(t(2, 4), false, true),
                "matmul: [2, 3] @ [2, 4]ᵀ: inner dimensions 3 and 4 differ");
    }

    @Test
    void broadcastMismatchNamesTheOpAndBothShapes() {
        assertFails(IllegalArgumentException.class, () -> t(2, 3).add(t(4)),
                "add: shapes [2, 3] and [4] cannot be broadcast", "3 vs 4");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).mul(t(3, 2)), "mul", "[2, 3]", "[3, 2]");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).sub(t(2)), "sub", "[2, 3]", "[2]");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).div(t(5, 3)), "div", "[2, 3]", "[5, 3]");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).maximum(t(4)), "maximum", "[2, 3]", "[4]");
        assertFails(IllegalArgumentException.class, () -> Tensor.where(t(2, 3), t(3), t(4)), "where", "[3]", "[4]");
        assertFails(IllegalArgumentException.class, () -> Tensor.where(t(5), t(3), t(3)), "where", "[5]", "[3]");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).broadcastTo(4, 3), "broadcastTo", "[2, 3]",
                "[4, 3]");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).sumToShape(2), "sumToShape", "[2, 3]", "[2]");
    }

    @Test
    void reshapeNamesTheSizesThatDisagree() {
        assertFails(IllegalArgumentException.class, () -> t(2, 3).reshape(4, 2),
                "reshape: cannot reshape DOUBLE[2, 3] (6 elements) to [4, 2]");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).reshape(-1, 4), "reshape", "6 elements", "[-1, 4]");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).reshape(-1, -1), "reshape", "more than one -1");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).squeeze(0), "squeeze", "size 2, not 1");
    }

    @Test
    void otherShapeOpsNameTheirInputs() {
        assertFails(IllegalArgumentException.class, () -> t(3).transpose(), "transpose", "rank >= 2", "[3]");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).permute(0, 0), "permute", "[0, 0]",
                "not a permutation");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).slice(1, 2, 5), "slice", "[2, 5)", "[2, 3]");
        assertFails(IllegalArgumentException.class, () -> Tensor.concat(0, t(2, 3), t(2, 4)), "concat",
                "tensor 1", "[2, 4]", "[2, 3]");
        assertFails(IllegalArgumentException.class, () -> Tensor.stack(0, t(2, 3), t(3, 2)), "stack",
                "tensor 1", "[3, 2]", "[2, 3]");
        assertFails(IllegalArgumentException.class, () -> t(1, 3).variance(0, false, 1), "variance", "ddof");
        assertFails(IllegalArgumentException.class, () -> t(3).clamp(1, 0), "clamp", "min 1.0 > max 0.0");
        assertFails(IllegalArgumentException.class, () -> t(2, 3).item(), "item", "[2, 3]");
        assertFails(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}), "ragged");
    }

    // ------------------------------------------------------------------ axes and indices

    @Test
    void outOfRangeAxesNameTheOpTheAxisAndTheRank() {
        Tensor x = t(2, 3);
        String[] expected = {"axis 2 is out of range for a tensor of rank 2", "expected -2 to 1"};
        assertFails(IllegalArgumentException.class, () -> x.sum(2, false), prefixed("sum", expected));
        assertFails(IllegalArgumentException.class, () -> x.mean(2, true), prefixed("mean", expected));
        assertFails(IllegalArgumentException.class, () -> x.max(2, true), prefixed("max", expected));
        assertFails(IllegalArgumentException.class, () -> x.softmax(2), prefixed("softmax", expected));
        assertFails(IllegalArgumentException.class, () -> x.logSoftmax(2), prefixed("logSoftmax", expected));
        assertFails(IllegalArgumentException.class, () -> x.logSumExp(2, false), prefixed("logSumExp", expected));
        assertFails(IllegalArgumentException.class, () -> x.variance(2, false), prefixed("variance", expected));
        assertFails(IllegalArgumentException.class, () -> x.argmax(2), prefixed("argmax", expected));
        assertFails(IllegalArgumentException.class, () -> x.slice(2, 0, 1), prefixed("slice", expected));
        assertFails(IllegalArgumentException.class, () -> x.transpose(0, 2), prefixed("transpose", expected));
        assertFails(IllegalArgumentException.class, () -> x.sum(-3, false), "sum: axis -3 is out of range");
        assertFails(IllegalArgumentException.class, () -> x.sum(new int[] {1, -1}, false), "sum", "appears twice");
        assertFails(IllegalArgumentException.class, () -> x.unsqueeze(3), "unsqueeze", "axis 3",
                "rank 3");
        assertFails(IllegalArgumentException.class, () -> Tensor.scalar(D, 1).softmax(0), "softmax",
                "rank 0");
    }

    private static String[] prefixed(String op, String[] fragments) {
        String[] out = Arrays.copyOf(fragments, fragments.length);
        out[0] = op + ": " + fragments[0];
        return out;
    }

    @Test
    void outOfRangeIndicesNameTheOpTheIndexAndTheBound() {
        Tensor x = t(3, 2);
        assertFails(IndexOutOfBoundsException.class, () -> x.rows(0, 5),
                "indexSelect: index 5 at position 1 is out of range [0, 3)");
        assertFails(IndexOutOfBoundsException.class, () -> x.rows(-1), "indexSelect", "index -1");
        assertFails(IndexOutOfBoundsException.class, () -> x.gather(1, Tensor.of(Nd4j.createFromArray(
                new long[][] {{0}, {2}, {1}}))), "gather", "index 2", "[0, 2)", "axis 1");
        assertFails(IllegalArgumentException.class, () -> x.indexSelect(Tensor.of(0.0, 1.0)), "indexSelect",
                "integer tensor");
        assertFails(IllegalArgumentException.class, () -> x.gather(1, Tensor.indices(0, 1, 0)), "gather",
                "rank");
        assertFails(IllegalArgumentException.class, () -> x.indexSelect(Tensor.of(Nd4j.createFromArray(
                new long[][] {{0, 1}}))), "indexSelect", "rank 1");
        assertFails(IllegalArgumentException.class, () -> x.rows(), "rows: no row indices");
    }

    // ------------------------------------------------------------------ dtypes

    @Test
    void mixingFloatingDtypesIsAnErrorNamingBoth() {
        Tensor f = Tensor.ones(DataType.FLOAT, 2);
        Tensor d = Tensor.ones(D, 2);
        Map<String, BinaryOperator<Tensor>> ops = Map.of("add", Tensor::add, "sub", Tensor::sub, "mul", Tensor::mul,
                "div", Tensor::div, "pow", Tensor::pow, "maximum", Tensor::maximum, "minimum", Tensor::minimum);
        ops.forEach((name, op) -> assertFails(IllegalArgumentException.class, () -> op.apply(f, d),
                name + ": dtype mismatch", "FLOAT[2]", "DOUBLE[2]", ".to(DataType."));
        assertFails(IllegalArgumentException.class, () -> Tensor.where(d, f, d), "where", "FLOAT[2]", "DOUBLE[2]");
        assertFails(IllegalArgumentException.class, () -> Tensor.ones(DataType.FLOAT, 2, 2).matmul(
                Tensor.ones(D, 2, 2)), "matmul", "dtype mismatch", "FLOAT", "DOUBLE");
        assertFails(IllegalArgumentException.class, () -> Tensor.concat(0, f, d), "concat", "FLOAT", "DOUBLE");
        assertFails(IllegalArgumentException.class, () -> Tensor.stack(0, f, d), "concat", "FLOAT", "DOUBLE");
        // a double operand takes the tensor's dtype, and an explicit conversion is fine
        assertEquals(DataType.FLOAT, f.mul(2.0).dtype());
        assertEquals(D, f.to(D).add(d).dtype());
    }

    @Test
    void integerTensorsAreNotDifferentiable() {
        Tensor index = Tensor.indices(1, 2);
        assertFails(IllegalArgumentException.class, () -> index.requiresGrad(true), "requiresGrad", "LONG",
                "floating-point");
        assertFails(IllegalArgumentException.class, () -> index.add(index), "add", "floating-point");
        assertFails(IllegalArgumentException.class, () -> index.exp(), "exp", "floating-point");
        Tensor x = t(2).requiresGrad(true);
        Tensor rounded = x.to(DataType.INT32);
        assertFalse(rounded.requiresGrad(), "a cast to an integer type is a constant");
        assertEquals(DataType.INT32, rounded.dtype());
    }

    // ------------------------------------------------------------------ graph misuse

    @Test
    void requiresGradOnANonLeafNamesTheOpThatProducedIt() {
        Tensor x = t(2).requiresGrad(true);
        Tensor y = x.mul(2).named("y");
        assertFails(IllegalStateException.class, () -> y.requiresGrad(true), "'y'", "produced by mul",
                "only leaf tensors", "detach().requiresGrad(true)");
    }

    // ------------------------------------------------------------------ numerical stability

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void softmaxFamilyIsFiniteAndRightAtPlusMinusAThousand(DataType dtype) {
        Tensor x = Tensor.of(Nd4j.createFromArray(new double[][] {{1000, -1000, 0}, {1000, 1000, -1000}})
                .castTo(dtype)).requiresGrad(true);
        assertClose(new double[] {1, 0, 0, 0.5, 0.5, 0}, x.softmax(1), 1e-6);
        assertClose(new double[] {0, -2000, -1000, -Math.log(2), -Math.log(2), -2000 - Math.log(2)},
                x.logSoftmax(1), 1e-3);
        assertClose(new double[] {1000, 1000 + Math.log(2)}, x.logSumExp(1, false), 1e-3);
        assertClose(new double[] {1000, 0, Math.log(2), 1000, 1000, 0}, x.softplus(), 1e-4);
        assertClose(new double[] {1, 0, 0.5, 1, 1, 0}, x.sigmoid(), 1e-7);
        assertClose(new double[] {1, -1, 0, 1, 1, -1}, x.tanh(), 1e-7);

        for (java.util.function.Function<Tensor, Tensor> f : List.<java.util.function.Function<Tensor, Tensor>>of(
                v -> v.softmax(1).mul(v.softmax(1)), v -> v.logSoftmax(1), v -> v.logSumExp(1, true),
                Tensor::softplus, Tensor::sigmoid, Tensor::tanh)) {
            Tensor g = Autograd.grad(f.apply(x).sum(), List.of(x), false).get(0);
            for (double v : g.toDoubleArray()) {
                assertTrue(Double.isFinite(v), () -> "gradient " + Arrays.toString(g.toDoubleArray()));
            }
        }
        // d/dx logSoftmax summed over a row: 1 − n·softmax
        Tensor g = Autograd.grad(x.logSoftmax(1).sum(), List.of(x), false).get(0);
        assertClose(new double[] {-2, 1, 1, -0.5, -0.5, 1}, g, 1e-6);
        Tensor s = Autograd.grad(x.softplus().sum(), List.of(x), false).get(0);
        assertClose(new double[] {1, 0, 0.5, 1, 1, 0}, s, 1e-7);
    }

    @Test
    void logSumExpOfOnlyMinusInfinityIsMinusInfinity() {
        // e.g. a fully masked row: the shift by the maximum must not turn −∞ − (−∞) into NaN
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = Tensor.of(Nd4j.createFromArray(new double[][] {{-inf, -inf}, {-inf, 0}, {1, 2}}));
        assertArrayEquals(new double[] {-inf, 0, 2 + Math.log1p(Math.exp(-1))}, x.logSumExp(1, false)
                .toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {inf}, Tensor.of(Nd4j.createFromArray(inf, 0.0)).logSumExp(0, false)
                .toDoubleArray(), 0);
    }

    private static void assertClose(double[] expected, Tensor actual, double tolerance) {
        double[] got = actual.toDoubleArray();
        for (double v : got) {
            assertTrue(Double.isFinite(v), () -> actual.describe() + " " + Arrays.toString(got));
        }
        assertArrayEquals(expected, got, tolerance, () -> Arrays.toString(got));
    }
}
