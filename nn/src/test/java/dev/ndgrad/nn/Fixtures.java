package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.GradCheckResult;
import dev.ndgrad.autograd.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared helpers of the nn tests: random DOUBLE data, class indices, bit-exact model snapshots. */
final class Fixtures {

    private Fixtures() {}

    static Tensor randn(long seed, long... shape) {
        return Tensor.randn(new Random(seed), DataType.DOUBLE, shape);
    }

    static Tensor uniform(long seed, double low, double high, long... shape) {
        return Tensor.uniform(new Random(seed), DataType.DOUBLE, low, high, shape);
    }

    /** {@code batch} random class indices in {@code [0, classes)}. */
    static Tensor classes(long seed, int batch, int classes) {
        Random random = new Random(seed);
        long[] c = new long[batch];
        for (int i = 0; i < batch; i++) {
            c[i] = random.nextInt(classes);
        }
        return Tensor.indices(c);
    }

    static void assertPassed(GradCheckResult r) {
        assertTrue(r.passed(), r::toString);
    }

    /** The exact bytes (dtype, shape, values) of every parameter and buffer. */
    static Map<String, byte[]> snapshot(Module model) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        model.stateDict().forEach((name, array) -> out.put(name, NpyFormat.encode(array)));
        return out;
    }

    static void assertBitIdentical(Map<String, byte[]> expected, Module model) {
        Map<String, byte[]> actual = snapshot(model);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }

    /**
     * Loads {@code file} into {@code model}: it must throw {@link CheckpointException} naming the file and every
     * one of {@code facts}, and leave the model bit-identical.
     */
    static void assertLoadRefused(Module model, Path file, String... facts) {
        Map<String, byte[]> before = snapshot(model);
        var e = assertThrows(CheckpointException.class, () -> model.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String fact : facts) {
            assertTrue(e.getMessage().contains(fact), "'" + fact + "' in: " + e.getMessage());
        }
        assertBitIdentical(before, model);
    }

    /** Asserts that {@code call} throws an IllegalArgumentException whose message contains {@code expected}. */
    static void assertMessage(Executable call, String expected) {
        assertMessage(IllegalArgumentException.class, call, expected);
    }

    /** Asserts that {@code call} throws a {@code type} whose message contains {@code expected}. */
    static void assertMessage(Class<? extends RuntimeException> type, Executable call, String expected) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    static double[] values(INDArray a) {
        return a.dup('c').data().asDouble();
    }
}
