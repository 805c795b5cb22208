package dev.ndgrad.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.tests.bench.Soak;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Long training leaks nothing: 20,000 steps of the 10-layer {@code deep} MLP (forward, cross-entropy, backward, SGD)
 * leave the heap after GC and JavaCPP's native memory where they were after warm-up. A graph node, saved tensor or
 * ND4J buffer kept alive per step would grow them by megabytes (a step's activations alone are about 0.5 MB).
 * {@code scripts/bench-run SoakBenchmark} runs the same soak on any workload and prints the samples.
 */
class TrainingMemoryTest {

    @Test
    void twentyThousandStepsKeepHeapAndNativeMemoryFlat() {
        List<Soak.Sample> samples = Soak.run("deep", 20_000);
        long heapGrowth = Soak.growth(samples, Soak.Sample::heapAfterGc);
        long nativeGrowth = Soak.growth(samples, Soak.Sample::javacppNative);
        long warmHeap = samples.get(2).heapAfterGc();
        assertTrue(heapGrowth <= warmHeap / 10 + 2_000_000,
                "the heap after GC grew by " + heapGrowth + " bytes over 16,000 steps: " + samples);
        assertTrue(nativeGrowth <= 1_000_000,
                "JavaCPP's native memory grew by " + nativeGrowth + " bytes over 16,000 steps: " + samples);
        double first = samples.get(0).loss();
        double last = samples.get(samples.size() - 1).loss();
        assertTrue(Double.isFinite(last) && last < first, "the steps trained nothing: loss " + first + " → " + last);
    }
}
