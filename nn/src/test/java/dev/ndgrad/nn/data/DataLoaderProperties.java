package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class DataLoaderProperties {

    /** A loader configuration the builder accepts: with {@code dropLast}, at least one full batch. */
    record LoaderCase(int n, int batchSize, boolean shuffle, boolean dropLast, long seed, int epoch) {

        /** How the last batch comes out: the shapes of epoch this case exercises. */
        String lastBatch() {
            if (n % batchSize == 0) {
                return "exact fit";
            }
            if (dropLast) {
                return "remainder dropped";
            }
            return batchSize > n ? "one short batch" : "short last batch";
        }
    }

    /**
     * Sizes 1..40, batch sizes 1..45 (up to {@code n} with {@code dropLast}, where a batch larger than the data
     * set leaves no batch at all and the builder rejects it: that case is tested in DataLoaderTest).
     */
    @Provide
    Arbitrary<LoaderCase> loaderCases() {
        return Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.longs(), Arbitraries.integers().between(0, 50))
                .flatAs((n, shuffle, dropLast, seed, epoch) -> Arbitraries.integers().between(1, dropLast ? n : 45)
                        .map(batchSize -> new LoaderCase(n, batchSize, shuffle, dropLast, seed, epoch)));
    }

    /** Any size, batch size and seed: an epoch visits every example once (or all but the dropped remainder). */
    @Property(tries = 150)
    void eachEpochVisitsEveryExampleExactlyOnce(@ForAll("loaderCases") LoaderCase c) {
        Statistics.label("last batch").collect(c.lastBatch());
        Statistics.label("last batch").coverage(coverage -> {
            coverage.check("remainder dropped").count(k -> k >= 3);
            coverage.check("short last batch").count(k -> k >= 3);
            coverage.check("one short batch").count(k -> k >= 3);
            coverage.check("exact fit").count(k -> k >= 1);
        });
        Statistics.label("order").collect(c.shuffle() ? "shuffled" : "sequential");
        Statistics.label("order").coverage(coverage -> coverage.check("shuffled").percentage(p -> p >= 25));

        DataLoader loader = DataLoader.builder(DatasetTest.indexed(c.n())).batchSize(c.batchSize())
                .shuffle(c.shuffle()).seed(c.seed()).dropLast(c.dropLast()).build();
        BitSet seen = new BitSet(c.n());
        int count = 0;
        int batches = 0;
        for (Batch b : loader.epoch(c.epoch())) {
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
        int expected = c.dropLast() ? c.n() / c.batchSize() * c.batchSize() : c.n();
        assertEquals(expected, count);
        assertTrue(c.n() - count < c.batchSize(), "at most the remainder is dropped");
    }
}
