package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Random tensor factories: every number after the dtype (and the bounds of {@code uniform}) is a dimension, so
 * shape and seed cannot be confused; reproducible draws come from a seeded thread generator or an explicit
 * {@link Random}.
 */
class RandomTensorsTest {

    @Test
    void everyNumberAfterTheDtypeIsADimension() {
        // these once read as "seed 64, shape [8]" and "seed 1, shape [3, 4]"
        assertArrayEquals(new long[] {64, 8}, Tensor.randn(DataType.FLOAT, 64, 8).shape());
        assertArrayEquals(new long[] {1, 3, 4}, Tensor.randn(DataType.DOUBLE, 1, 3, 4).shape());
        assertArrayEquals(new long[] {64, 8}, Tensor.randn(new Random(1), DataType.FLOAT, 64, 8).shape());
        assertArrayEquals(new long[] {2, 5}, Tensor.uniform(DataType.DOUBLE, -1, 1, 2, 5).shape());
        assertArrayEquals(new long[] {2, 5}, Tensor.uniform(new Random(1), DataType.DOUBLE, -1, 1, 2, 5).shape());
        assertArrayEquals(new long[0], Tensor.randn(DataType.DOUBLE).shape());
    }

    @Test
    void noFactoryTakesASeedWhereAShapeCouldBe() {
        Set<String> signatures = Arrays.stream(Tensor.class.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getName().equals("randn") || m.getName().equals("uniform"))
                .map(RandomTensorsTest::signature)
                .collect(Collectors.toSet());
        assertEquals(Set.of(
                "randn(DataType, long[])",
                "randn(Random, DataType, long[])",
                "uniform(DataType, double, double, long[])",
                "uniform(Random, DataType, double, double, long[])"), signatures);
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    @Test
    void theSameGeneratorStateGivesTheSameDrawsAndAnotherSeedOthers() {
        double[] a = Tensor.randn(new Random(64), DataType.DOUBLE, 3, 4).toDoubleArray();
        double[] b = Tensor.randn(new Random(64), DataType.DOUBLE, 3, 4).toDoubleArray();
        double[] c = Tensor.randn(new Random(65), DataType.DOUBLE, 3, 4).toDoubleArray();
        assertArrayEquals(a, b, 0);
        assertFalse(Arrays.equals(a, c));
        DefaultGenerator.manualSeed(64);
        double[] u = Tensor.uniform(DataType.DOUBLE, 2, 3, 100).toDoubleArray();
        DefaultGenerator.manualSeed(64);
        assertArrayEquals(u, Tensor.uniform(DataType.DOUBLE, 2, 3, 100).toDoubleArray(), 0);
        assertTrue(Arrays.stream(u).allMatch(v -> v >= 2 && v < 3), "U(2, 3) samples in [2, 3)");
    }

    @Test
    void seededThreadsDrawWhatEachDrawsAlone() throws Exception {
        DefaultGenerator.manualSeed(7);
        double[] alone = Tensor.randn(DataType.DOUBLE, 50).toDoubleArray();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<double[]> seeded = () -> {
                DefaultGenerator.manualSeed(7);
                double[] draws = new double[0];
                for (int i = 0; i < 20; i++) {      // interleave with the other threads' draws
                    draws = Tensor.randn(DataType.DOUBLE, 50).toDoubleArray();
                    DefaultGenerator.manualSeed(7);
                }
                return draws;
            };
            List<Future<double[]>> results = pool.invokeAll(List.of(seeded, seeded, seeded, seeded));
            for (Future<double[]> r : results) {
                assertArrayEquals(alone, r.get(), 0);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.uniform(DataType.DOUBLE, 1, 1, 3));
        assertTrue(e.getMessage().startsWith("uniform: low 1.0 must be below high 1.0"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Tensor.randn((Random) null, DataType.DOUBLE, 3));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Tensor.randn(DataType.DOUBLE, 2, -3));
        assertTrue(negative.getMessage().startsWith("randn"), negative.getMessage());
    }
}
