package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class SplitsTest {

    private static List<Integer> rowsOf(Dataset d) {
        List<Integer> rows = new ArrayList<>();
        for (double v : d.features().getColumn(0).toDoubleVector()) {
            rows.add((int) v);
        }
        return rows;
    }

    @Test
    void trainDevTestPartitionsTheExamples() {
        Dataset d = DatasetTest.indexed(101);
        TrainDevTest s = Splits.trainDevTest(d, 0.6, 0.2, 0.2, 11);
        assertEquals(61, s.train().size()); // 60.6, 20.2, 20.2: the largest remainder gets the extra example
        assertEquals(20, s.dev().size());
        assertEquals(20, s.test().size());
        Set<Integer> all = new HashSet<>();
        for (Dataset part : List.of(s.train(), s.dev(), s.test())) {
            all.addAll(rowsOf(part));
            for (int i = 0; i < part.size(); i++) {
                assertEquals((long) part.features().getDouble(i, 0) % 3, part.labels().getLong(i), "label follows row");
            }
        }
        assertEquals(101, all.size(), "disjoint and covering");
        assertEquals(3, s.dev().numClasses(), "every part keeps the class count");
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset d = DatasetTest.indexed(40);
        assertEquals(rowsOf(Splits.random(d, 3, 0.5, 0.5).get(0)), rowsOf(Splits.random(d, 3, 0.5, 0.5).get(0)));
        assertNotEquals(rowsOf(Splits.random(d, 3, 0.5, 0.5).get(0)), rowsOf(Splits.random(d, 4, 0.5, 0.5).get(0)));
    }

    @Test
    void stratifiedKeepsClassProportionsInEveryPart() {
        // 90 examples of class 0, 10 of class 1: a random 80/20 split can easily be off; a stratified one cannot
        long[] labels = new long[100];
        Arrays.fill(labels, 90, 100, 1);
        Dataset d = Dataset.classification(Nd4j.arange(100).castTo(DataType.FLOAT).reshape(100, 1),
                Nd4j.createFromArray(labels));
        for (long seed = 0; seed < 5; seed++) {
            List<Dataset> parts = Splits.stratified(d, seed, 0.8, 0.2);
            assertArrayEquals(new long[] {72, 8}, parts.get(0).classCounts());
            assertArrayEquals(new long[] {18, 2}, parts.get(1).classCounts());
        }
        TrainDevTest s = Splits.stratifiedTrainDevTest(Datasets.iris(), 0.6, 0.2, 0.2, 1);
        assertArrayEquals(new long[] {30, 30, 30}, s.train().classCounts());
        assertArrayEquals(new long[] {10, 10, 10}, s.dev().classCounts());
        assertArrayEquals(new long[] {10, 10, 10}, s.test().classCounts());
        List<Long> trainLabels = Arrays.stream(s.train().labels().toLongVector()).boxed().toList();
        assertNotEquals(trainLabels.stream().sorted().toList(), trainLabels, "parts are shuffled, not class-sorted");
    }

    @Test
    void apportionAddsUpExactly() {
        assertArrayEquals(new int[] {1, 1, 1}, Splits.apportion(3, new double[] {0.34, 0.33, 0.33}));
        assertArrayEquals(new int[] {98, 1, 1}, Splits.apportion(100, new double[] {0.98, 0.01, 0.01}));
        assertArrayEquals(new int[] {7, 3}, Splits.apportion(10, new double[] {0.7, 0.3}));
        assertEquals(997, Arrays.stream(Splits.apportion(997, new double[] {0.6, 0.25, 0.15})).sum());
    }

    @Test
    void rejectsBadFractionsAndEmptyParts() {
        Dataset d = DatasetTest.indexed(10);
        var sum = assertThrows(IllegalArgumentException.class, () -> Splits.random(d, 0, 0.5, 0.4));
        assertTrue(sum.getMessage().contains("add up to 0.9"), sum.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.random(d, 0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(d, 0, 1.2, -0.2));
        var empty = assertThrows(IllegalArgumentException.class, () -> Splits.random(DatasetTest.indexed(3), 0, 0.9,
                0.05, 0.05));
        assertTrue(empty.getMessage().contains("would be empty"), empty.getMessage());
        var regression = assertThrows(IllegalArgumentException.class, () -> Splits.stratified(
                Dataset.regression(Nd4j.rand(DataType.FLOAT, 4, 1), Nd4j.rand(DataType.FLOAT, 4)), 0, 0.5, 0.5));
        assertTrue(regression.getMessage().contains("no classes"), regression.getMessage());
    }
}
