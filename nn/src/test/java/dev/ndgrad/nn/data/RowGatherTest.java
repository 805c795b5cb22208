package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RowGather's own job: checking rows and handing features and labels to autograd's row gather (whose fast and
 * fallback paths are compared in autograd's HostKernelProperties).
 */
class RowGatherTest {

    @Test
    void gathersFeatureRowsAndRankOneLabels() {
        var features = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        var labels = Nd4j.createFromArray(7L, 8L, 9L);
        int[] rows = {2, 0, 2};
        assertArrayEquals(new float[] {5, 6, 1, 2, 5, 6}, RowGather.rows(features, rows).copyToINDArray().data().asFloat());
        assertArrayEquals(new long[] {9, 7, 9}, RowGather.rows(labels, rows).copyToINDArray().data().asLong());
    }

    @Test
    void aRowOutOfRangeIsAnErrorNamingTheRowAndTheCount() {
        var e = assertThrows(IndexOutOfBoundsException.class,
                () -> RowGather.rows(Nd4j.zeros(3, 2), new int[] {0, 3}));
        assertTrue(e.getMessage().contains("row 3") && e.getMessage().contains("3 rows"), e.getMessage());
    }

    @Test
    void identityAndRangeRecogniseTheInOrderGather() {
        assertArrayEquals(new int[] {0, 1, 2}, RowGather.range(3));
        assertTrue(RowGather.isIdentity(RowGather.range(4), 4));
        assertTrue(!RowGather.isIdentity(new int[] {1, 0}, 2));
    }
}
