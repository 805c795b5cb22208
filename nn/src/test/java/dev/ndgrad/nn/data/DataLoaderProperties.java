package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class DataLoaderProperties {

    /** Any size, batch size and seed: an epoch visits every example once (or all but the dropped remainder). */
    @Property(tries = 60)
    void eachEpochVisitsEveryExampleExactlyOnce(@ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 45) int batchSize, @ForAll boolean shuffle, @ForAll boolean dropLast,
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 50) int epoch) {
        if (dropLast && batchSize > n) {
            return; // no batch at all: rejected by the builder, tested in DataLoaderTest
        }
        DataLoader loader = DataLoader.builder(DatasetTest.indexed(n)).batchSize(batchSize).shuffle(shuffle)
                .seed(seed).dropLast(dropLast).build();
        BitSet seen = new BitSet(n);
        int count = 0;
        int batches = 0;
        for (Batch b : loader.epoch(epoch)) {
            batches++;
            assertTrue(b.size() <= loader.batchSize());
            for (int i : DataLoaderTest.indices(b)) {
                assertTrue(!seen.get(i), "example " + i + " seen twice");
                seen.set(i);
                count++;
            }
        }
        assertEquals(loader.numBatches(), batches);
        assertEquals(loader.examplesPerEpoch(), count);
        int expected = dropLast ? n / batchSize * batchSize : n;
        assertEquals(expected, count);
        assertTrue(n - count < batchSize, "at most the remainder is dropped");
    }
}
