package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The primitive layer's fast paths give exactly what the ND4J paths give: row gathers with
 * {@link HostKernels#enabled} on and off, on dense, reshaped, {@code f}-ordered and view arrays of
 * several dtypes, through {@link Tensor#rows} (forward and gradient) and {@link ArrayRows}.
 */
class HostKernelProperties {

    @Property(tries = 60)
    void rowGatherIsTheSameOnBothPaths(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 1, max = 4) int d, @ForAll @IntRange(min = 1, max = 8) int k,
            @ForAll @IntRange(min = 0, max = 5) int kind, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        long[] rows = new long[k];
        for (int i = 0; i < k; i++) {
            rows[i] = random.nextInt(n);
        }
        INDArray source = source(kind, n, d, seed);
        INDArray fast = ArrayRows.gather(source, rows);
        INDArray plain = withoutFastPath(() -> ArrayRows.gather(source, rows));
        assertEquals(plain.dataType(), fast.dataType());
        assertArrayEquals(plain.shape(), fast.shape());
        assertEquals('c', fast.ordering());
        assertArrayEquals(plain.castTo(DataType.DOUBLE).dup('c').data().asDouble(),
                fast.castTo(DataType.DOUBLE).dup('c').data().asDouble());
        double[] all = source.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] got = fast.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int rest = all.length / n;
        for (int i = 0; i < k; i++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(all, (int) rows[i] * rest, (int) (rows[i] + 1) * rest),
                    java.util.Arrays.copyOfRange(got, i * rest, (i + 1) * rest), "row " + i + " <- " + rows[i]);
        }
    }

    @Property(tries = 20)
    void rowsGradientIsTheSameOnBothPaths(@ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 8) int k, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        long[] rows = new long[k];
        for (int i = 0; i < k; i++) {
            rows[i] = random.nextInt(n);
        }
        Tensor x = Tensor.randn(new Random(seed), DataType.DOUBLE, n, 3).requiresGrad(true);
        Tensor w = Tensor.randn(new Random(seed + 1), DataType.DOUBLE, k, 3);
        java.util.function.Supplier<double[]> grad = () -> Autograd.grad(List.of(x.rows(rows).mul(w).square().sum()),
                List.of(x), false).get(0).toDoubleArray();
        assertArrayEquals(withoutFastPath(grad::get), grad.get());
    }

    @Property(tries = 30)
    void maskIsTheComparisonCastToTheDtype(@ForAll @IntRange(min = 1, max = 5) int n, @ForAll long seed,
            @ForAll boolean dbl, @ForAll @IntRange(min = -2, max = 2) int c) {
        Nd4j.getRandom().setSeed(seed);
        INDArray a = Nd4j.randn(dbl ? DataType.DOUBLE : DataType.FLOAT, n, 3).muli(2).castTo(DataType.INT32)
                .castTo(dbl ? DataType.DOUBLE : DataType.FLOAT);     // integers: ties with c occur
        INDArray reference = a.gt(c).castTo(a.dataType());
        assertEquals(reference, ArrayOps.greaterThan(a, c));
        assertEquals(reference, ArrayOps.greaterThan(a.transpose(), c).transpose());
    }

    @Example
    void onlyArraysThatAreTheirWholeDenseBufferTakeTheFastPath() {
        INDArray fresh = Nd4j.rand(DataType.FLOAT, 4, 3);
        assertTrue(ArrayRows.isDenseRowMajor(fresh));
        assertTrue(ArrayRows.isDenseRowMajor(fresh.reshape('c', new long[] {12}).reshape('c', new long[] {3, 4})));
        assertFalse(ArrayRows.isDenseRowMajor(fresh.getColumn(1)));
        assertFalse(ArrayRows.isDenseRowMajor(fresh.dup('f')));
        assertFalse(ArrayRows.isDenseRowMajor(fresh.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all())));
    }

    private static <T> T withoutFastPath(java.util.function.Supplier<T> body) {
        HostKernels.enabled = false;
        try {
            return body.get();
        } finally {
            HostKernels.enabled = true;
        }
    }

    private static INDArray source(int kind, int n, int d, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray base = Nd4j.rand(DataType.DOUBLE, n, d);
        return switch (kind) {
            case 0 -> base.castTo(DataType.FLOAT);
            case 1 -> base;
            case 2 -> base.mul(100).castTo(DataType.INT64).getColumn(0).dup();      // rank-1 LONG labels
            case 3 -> base.castTo(DataType.FLOAT).dup('f');
            case 4 -> Nd4j.rand(DataType.FLOAT, n, d + 2).get(NDArrayIndex.all(), NDArrayIndex.interval(1, d + 1));
            default -> Nd4j.rand(DataType.DOUBLE, n, d, 2);                          // rank 3
        };
    }
}
