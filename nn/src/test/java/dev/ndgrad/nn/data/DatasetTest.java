package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DatasetTest {

    /** Row i of the features is [i, 10 i]; label i % 3. */
    static Dataset indexed(int n) {
        double[][] rows = new double[n][];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            rows[i] = new double[] {i, 10.0 * i};
            labels[i] = i % 3;
        }
        return Dataset.classification(Nd4j.create(rows).castTo(DataType.FLOAT), Nd4j.createFromArray(labels));
    }

    @Test
    void classificationCountsClassesAndStoresLongLabels() {
        Dataset d = Dataset.classification(Nd4j.rand(DataType.FLOAT, 5, 3), Nd4j.createFromArray(0.0, 2.0, 1.0, 2.0,
                0.0));
        assertEquals(5, d.size());
        assertEquals(3, d.numFeatures());
        assertEquals(3, d.numClasses());
        assertTrue(d.isClassification());
        assertEquals(DataType.INT64, d.labels().dataType());
        assertArrayEquals(new long[] {2, 1, 2}, d.classCounts());
        assertEquals(DataType.FLOAT, d.dtype());
    }

    @Test
    void namedClassesMayIncludeClassesWithNoExamples() {
        Dataset d = Dataset.classification(Nd4j.rand(DataType.FLOAT, 2, 1), Nd4j.createFromArray(0L, 1L),
                List.of("a", "b", "c"));
        assertEquals(3, d.numClasses());
        assertArrayEquals(new long[] {1, 1, 0}, d.classCounts());
        assertTrue(d.toString().contains("[a, b, c]"), d.toString());
    }

    @Test
    void regressionTargetsBecomeAColumnOfTheFeaturesDtype() {
        Dataset d = Dataset.regression(Nd4j.rand(DataType.DOUBLE, 4, 2), Nd4j.createFromArray(1f, 2f, 3f, 4f));
        assertFalse(d.isClassification());
        assertEquals(0, d.numClasses());
        assertArrayEquals(new long[] {4, 1}, d.labels().shape());
        assertEquals(DataType.DOUBLE, d.labels().dataType());
        assertThrows(IllegalArgumentException.class, d::classCounts);
    }

    @Test
    void batchGathersMatchingRowsOfFeaturesAndLabels() {
        Dataset d = indexed(10);
        Batch b = d.batch(new int[] {7, 2, 9});
        assertEquals(3, b.size());
        assertArrayEquals(new double[] {7, 70, 2, 20, 9, 90}, b.features().data().reshape(6).toDoubleVector());
        assertArrayEquals(new long[] {1, 2, 0}, b.labels().data().toLongVector());
        assertFalse(b.features().requiresGrad());
    }

    @Test
    void fullBatchInOrderIsNotCopied() {
        Dataset d = indexed(4);
        assertSame(d.features(), d.batch(new int[] {0, 1, 2, 3}).features().data());
        assertSame(d, d.subset(new int[] {0, 1, 2, 3}));
        assertSame(d.features(), d.all().features().data());
    }

    @Test
    void subsetKeepsTheClassesEvenWhenSomeAreMissing() {
        Dataset d = indexed(9).subset(new int[] {0, 3, 6});
        assertEquals(3, d.numClasses());
        assertArrayEquals(new long[] {3, 0, 0}, d.classCounts());
        assertArrayEquals(new double[] {0, 3, 6}, d.features().getColumn(0).toDoubleVector());
    }

    @Test
    void toChangesTheFeatureDtypeOnly() {
        Dataset d = indexed(3).to(DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, d.dtype());
        assertEquals(DataType.INT64, d.labels().dataType());
        assertSame(d, d.to(DataType.DOUBLE));
    }

    @Test
    void rejectsMismatchedOrInvalidInput() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2);
        var rows = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(x, Nd4j.createFromArray(0L, 1L)));
        assertTrue(rows.getMessage().contains("3 feature rows but 2 labels"), rows.getMessage());
        var negative = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(x, Nd4j.createFromArray(0L, -1L, 1L)));
        assertTrue(negative.getMessage().contains("class label -1 at row 1 is not a class index"),
                negative.getMessage());
        var fractional = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(x, Nd4j.createFromArray(0.0, 0.5, 1.0)));
        assertTrue(fractional.getMessage().contains("whole numbers"), fractional.getMessage());
        var intFeatures = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(Nd4j.createFromArray(new int[][] {{1}, {2}}),
                        Nd4j.createFromArray(0L, 1L)));
        assertTrue(intFeatures.getMessage().contains("floating"), intFeatures.getMessage());
        var rank = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(Nd4j.rand(DataType.FLOAT, 3), Nd4j.createFromArray(0L, 1L, 1L)));
        assertTrue(rank.getMessage().contains("[n, d]"), rank.getMessage());
        var names = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(x, Nd4j.createFromArray(0L, 1L, 2L), List.of("a", "b")));
        assertTrue(names.getMessage().contains("out of range for 2 classes"), names.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> indexed(3).batch(new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> indexed(3).batch(new int[0]));
    }

    /**
     * Labels are class indices 0..k-1 with k at most {@link Dataset#MAX_CLASSES}: a stray 2e9 (which made
     * classCounts() run out of memory) is refused, naming the label and its row, whatever its dtype.
     */
    @Test
    void aHugeLabelIsRefusedNamingItAndItsRow() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2);
        for (INDArray labels : List.of(Nd4j.createFromArray(0L, 2_000_000_000L, 1L),
                Nd4j.createFromArray(0f, 2e9f, 1f), Nd4j.createFromArray(0.0, 2e9, 1.0))) {
            var e = assertThrows(IllegalArgumentException.class, () -> Dataset.classification(x, labels));
            assertTrue(e.getMessage().contains("class label 2000000000 at row 1 is not a class index")
                    && e.getMessage().contains("k <= 1048576"), e.getMessage());
        }
        var nan = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(x, Nd4j.createFromArray(0.0, Double.NaN, 1.0)));
        assertTrue(nan.getMessage().contains("class label NaN at row 1"), nan.getMessage());
        long largest = Dataset.MAX_CLASSES - 1;
        Dataset widest = Dataset.classification(x, Nd4j.createFromArray(0L, largest, 1L));
        assertEquals(Dataset.MAX_CLASSES, widest.numClasses());
        assertEquals(Dataset.MAX_CLASSES, widest.classCounts().length);
    }
}
