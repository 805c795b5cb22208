package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** The example indices a batch holds (column 0 of {@link DatasetTest#indexed} is the row index). */
    static int[] indices(Batch b) {
        return Arrays.stream(b.features().data().getColumn(0).toDoubleVector()).mapToInt(v -> (int) v).toArray();
    }

    static List<Integer> visited(Iterable<Batch> epoch) {
        List<Integer> all = new ArrayList<>();
        for (Batch b : epoch) {
            for (int i : indices(b)) {
                all.add(i);
            }
        }
        return all;
    }

    @Test
    void everyExampleExactlyOncePerEpochAcrossEpochs() {
        Dataset d = DatasetTest.indexed(103);
        DataLoader loader = DataLoader.shuffled(d, 10, 42);
        assertEquals(11, loader.numBatches());
        List<List<Integer>> epochs = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            List<Integer> seen = visited(loader);
            assertEquals(103, seen.size());
            assertEquals(103, seen.stream().distinct().count(), "epoch " + e + " repeats an example");
            epochs.add(seen);
        }
        assertNotEquals(epochs.get(0), epochs.get(1), "each epoch reshuffles");
        assertNotEquals(epochs.get(1), epochs.get(2));
    }

    @Test
    void labelsStayWithTheirFeatures() {
        Dataset d = DatasetTest.indexed(50);
        for (Batch b : DataLoader.shuffled(d, 7, 3)) {
            int[] rows = indices(b);
            long[] labels = b.labels().data().toLongVector();
            for (int i = 0; i < rows.length; i++) {
                assertEquals(rows[i] % 3, labels[i]);
            }
        }
    }

    @Test
    void sameSeedSameOrderAndEpochIsIndependentOfHistory() {
        Dataset d = DatasetTest.indexed(30);
        DataLoader a = DataLoader.shuffled(d, 4, 7);
        DataLoader b = DataLoader.shuffled(d, 4, 7);
        visited(a);
        visited(a);
        assertEquals(visited(a), visited(b.epoch(2)), "the third epoch of a is epoch 2 of b");
        assertEquals(visited(b.epoch(2)), visited(b.epoch(2)));
        assertNotEquals(visited(DataLoader.shuffled(d, 4, 8).epoch(0)), visited(b.epoch(0)), "another seed");
    }

    @Test
    void batchSizeOneIsStochasticAndBatchSizeNIsBatchGradientDescent() {
        Dataset d = DatasetTest.indexed(6);
        DataLoader sgd = DataLoader.shuffled(d, 1, 0);
        assertEquals(6, sgd.numBatches());
        for (Batch b : sgd) {
            assertEquals(1, b.size());
        }
        DataLoader full = DataLoader.sequential(d, 6);
        assertEquals(1, full.numBatches());
        Batch only = full.iterator().next();
        assertEquals(d.features(), only.features().data());
        assertEquals(1, DataLoader.sequential(d, 1000).numBatches(), "a batch size above n is one full batch");
        assertEquals(6, DataLoader.sequential(d, 1000).iterator().next().size());
    }

    @Test
    void sequentialKeepsTheOrderAndTheSmallLastBatch() {
        DataLoader loader = DataLoader.sequential(DatasetTest.indexed(10), 4);
        List<int[]> batches = new ArrayList<>();
        loader.forEach(b -> batches.add(indices(b)));
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, batches.get(0));
        assertArrayEquals(new int[] {8, 9}, batches.get(2));
        assertEquals(10, loader.examplesPerEpoch());
    }

    @Test
    void dropLastDropsTheSmallBatch() {
        DataLoader loader = DataLoader.builder(DatasetTest.indexed(10)).batchSize(4).dropLast(true).shuffle(true)
                .seed(1).build();
        assertEquals(2, loader.numBatches());
        assertEquals(8, loader.examplesPerEpoch());
        List<Integer> seen = visited(loader);
        assertEquals(8, seen.size());
        assertEquals(8, seen.stream().distinct().count());
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(DatasetTest.indexed(3)).batchSize(4).dropLast(true).build());
        assertTrue(e.getMessage().contains("batch size 4 with dropLast leaves no batch of 3"), e.getMessage());
    }

    @Test
    void orderIsAPermutation() {
        int[] order = DataLoader.shuffled(DatasetTest.indexed(20), 5, 9).order(3);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(RowGather.range(20), sorted);
        assertFalse(Arrays.equals(RowGather.range(20), order));
        assertArrayEquals(RowGather.range(20), DataLoader.sequential(DatasetTest.indexed(20), 5).order(3));
    }

    @Test
    void theStaticShuffledOrderIsTheOrderOfAShufflingLoader() {
        for (int epoch = 0; epoch < 4; epoch++) {
            assertArrayEquals(DataLoader.shuffled(DatasetTest.indexed(20), 5, 9).order(epoch),
                    DataLoader.shuffledOrder(20, 9, epoch), "epoch " + epoch);
        }
        assertArrayEquals(new int[0], DataLoader.shuffledOrder(0, 9, 0));
        var n = assertThrows(IllegalArgumentException.class, () -> DataLoader.shuffledOrder(-1, 9, 0));
        assertTrue(n.getMessage().contains("shuffledOrder: n -1 < 0"), n.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.shuffledOrder(3, 9, -1));
    }

    @Test
    void transformIsAppliedPerBatchWithReproducibleSeeds() {
        Dataset d = DatasetTest.indexed(12);
        BatchTransform noise = (x, random) -> x.add(random.nextInt(1000) * 1000.0);
        DataLoader a = DataLoader.builder(d).batchSize(4).shuffle(true).seed(5).transform(noise).build();
        DataLoader b = DataLoader.builder(d).batchSize(4).shuffle(true).seed(5).transform(noise).build();
        List<Double> offsetsA = new ArrayList<>();
        for (Batch batch : a.epoch(1)) {
            double[] first = batch.features().data().getRow(0).toDoubleVector();
            offsetsA.add(first[0] - (int) (first[1] / 10)); // 1000 * k added to both columns
        }
        List<Double> offsetsB = new ArrayList<>();
        for (Batch batch : b.epoch(1)) {
            double[] first = batch.features().data().getRow(0).toDoubleVector();
            offsetsB.add(first[0] - (int) (first[1] / 10));
        }
        assertEquals(offsetsA, offsetsB);
        assertEquals(3, offsetsA.stream().distinct().count(), "a different draw for each batch: " + offsetsA);
        assertEquals(0.0, d.features().getDouble(1, 0) - 1, "the data set itself is untouched");
    }

    @Test
    void iteratorEndsCleanlyAndValidatesArguments() {
        Iterator<Batch> it = DataLoader.sequential(DatasetTest.indexed(3), 2).iterator();
        it.next();
        it.next();
        assertFalse(it.hasNext());
        var end = assertThrows(NoSuchElementException.class, it::next);
        assertTrue(end.getMessage().contains("2 batches"), end.getMessage());
        var size = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(DatasetTest.indexed(3)).batchSize(0));
        assertTrue(size.getMessage().contains("batch size must be >= 1, got 0"), size.getMessage());
        assertThrows(NullPointerException.class, () -> DataLoader.builder(null));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.sequential(DatasetTest.indexed(3), 2).order(-1));
    }
}
