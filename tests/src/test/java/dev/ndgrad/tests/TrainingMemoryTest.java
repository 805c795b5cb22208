package dev.ndgrad.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.tests.bench.Soak;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Long training leaks nothing: 6,000 steps of the 10-layer {@code deep} MLP (forward, cross-entropy, backward, SGD)
 * leave the heap after GC and JavaCPP's native memory where they were after warm-up. A graph node, saved tensor or
 * ND4J buffer kept alive per step would grow them by megabytes (a step's activations alone are about 0.5 MB; a leak
 * of 1 kB per step is 4.2 MB over the 4,200 steps compared, from step 1,800 to 6,000).
 * {@code scripts/bench-run SoakBenchmark mlp 20000} runs the 20,000-step soak of BENCHMARKS.md.
 */
class TrainingMemoryTest {

    @Test
    void sixThousandStepsKeepHeapAndNativeMemoryFlat() {
        List<Soak.Sample> samples = Soak.run("deep", 6_000);
        long heapGrowth = Soak.growth(samples, Soak.Sample::heapAfterGc);
        long nativeGrowth = Soak.growth(samples, Soak.Sample::javacppNative);
        long warmHeap = samples.get(2).heapAfterGc();
        assertTrue(heapGrowth <= warmHeap / 10 + 2_000_000,
                "the heap after GC grew by " + heapGrowth + " bytes over 4,200 steps: " + samples);
        assertTrue(nativeGrowth <= 1_000_000,
                "JavaCPP's native memory grew by " + nativeGrowth + " bytes over 4,200 steps: " + samples);
        double first = samples.get(0).loss();
        double last = samples.get(samples.size() - 1).loss();
        assertTrue(Double.isFinite(last) && last < first, "the steps trained nothing: loss " + first + " → " + last);
    }
}
