package dev.ndgrad.tests.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;

/**
 * Runs many training steps of a workload through ndgrad and samples memory after every tenth of them: the heap in use
 * after a full GC, the native memory JavaCPP tracks (ND4J's buffers and the gemm scratch) and the process's resident
 * set. If a saved tensor, a graph node or an ND4J buffer outlived its step, one of them would grow with the steps.
 */
public final class Soak {

    /** Memory after {@code step} steps. */
    public record Sample(int step, long heapAfterGc, long javacppNative, long residentSet, double loss) {}

    private Soak() {}

    /** {@code steps} steps of {@code workload} (a multiple of 10), with a sample after every tenth of them. */
    public static List<Sample> run(String workload, int steps) {
        NdgradStep step = new NdgradStep(Workload.valueOf(workload.toUpperCase(java.util.Locale.ROOT)));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= steps; i++) {
            step.run();
            if (i % (steps / 10) == 0) {
                System.gc();
                samples.add(new Sample(i, memory.getHeapMemoryUsage().getUsed(), Pointer.totalBytes(),
                        Pointer.physicalBytes(), step.loss));
            }
        }
        return samples;
    }

    /**
     * The growth of one figure from the third sample (after warm-up: JIT, thread-local scratch, pools) to the last, in
     * bytes.
     */
    public static long growth(List<Sample> samples, java.util.function.ToLongFunction<Sample> figure) {
        return figure.applyAsLong(samples.get(samples.size() - 1)) - figure.applyAsLong(samples.get(2));
    }
}
