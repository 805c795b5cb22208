package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The fast byte-copy gather and the pullRows fallback agree with row-by-row indexing for every dtype and layout. */
class RowGatherProperties {

    @Property(tries = 40)
    void gatherEqualsRowByRowIndexing(@ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 5) int d, @ForAll @IntRange(min = 1, max = 20) int k,
            @ForAll @IntRange(min = 0, max = 6) int kind, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        int[] rows = new int[k];
        for (int i = 0; i < k; i++) {
            rows[i] = random.nextInt(n);
        }
        INDArray source = source(kind, n, d, seed);
        INDArray gathered = RowGather.rows(source, rows);
        assertEquals(source.dataType(), gathered.dataType());
        assertEquals('c', gathered.ordering());
        for (int i = 0; i < k; i++) {
            INDArray expected = source.rank() == 1 ? source.get(NDArrayIndex.point(rows[i]))
                    : source.getRow(rows[i]);
            INDArray actual = source.rank() == 1 ? gathered.get(NDArrayIndex.point(i)) : gathered.getRow(i);
            assertArrayEquals(expected.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector(),
                    actual.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector(), "row " + i + " <- " + rows[i]);
        }
    }

    @Example
    void onlyArraysThatAreTheirWholeDenseBufferTakeTheByteCopyPath() {
        INDArray fresh = Nd4j.rand(DataType.FLOAT, 4, 3);
        assertTrue(RowGather.isDenseRowMajor(fresh));
        assertTrue(RowGather.isDenseRowMajor(fresh.reshape('c', new long[] {12}).reshape('c', new long[] {3, 4})));
        assertTrue(RowGather.isDenseRowMajor(Nd4j.createFromArray(1L, 2L)));
        assertFalse(RowGather.isDenseRowMajor(fresh.getColumn(1)));
        assertFalse(RowGather.isDenseRowMajor(fresh.dup('f')));
        assertFalse(RowGather.isDenseRowMajor(fresh.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all())));
    }

    private static INDArray source(int kind, int n, int d, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray base = Nd4j.rand(DataType.DOUBLE, n, d);
        return switch (kind) {
            case 0 -> base.castTo(DataType.FLOAT);
            case 1 -> base;
            case 2 -> base.mul(100).castTo(DataType.INT64).getColumn(0).dup();    // rank-1 LONG labels
            case 3 -> base.castTo(DataType.FLOAT).dup('f');                       // fallback: f order
            case 4 -> Nd4j.rand(DataType.FLOAT, n, d + 2)                              // a view: fallback
                    .get(NDArrayIndex.all(), NDArrayIndex.interval(1, d + 1));
            case 5 -> base.castTo(DataType.FLOAT).getColumn(0).dup();            // rank-1 float targets
            default -> base.reshape('c', new long[] {(long) n * d}).castTo(DataType.FLOAT)
                    .reshape('c', new long[] {n, d});                              // a reshape: still the fast path
        };
    }
}
