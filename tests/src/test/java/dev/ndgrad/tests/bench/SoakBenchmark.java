package dev.ndgrad.tests.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * A soak test of training: {@code steps} training steps of a workload's MLP (default 20,000 of {@code mlp}), printing
 * after every tenth of them the heap in use after a full GC, the native memory JavaCPP tracks (ND4J's and OpenBLAS
 * scratch buffers) and the process's resident set: all three must stay flat, which shows that no saved tensor, graph
 * node or ND4J buffer outlives its step. Fails if the heap after GC grows by more than 20 % between the first and the
 * last report (after warm-up).
 *
 * <p>Run: {@code scripts/bench-run SoakBenchmark [workload] [steps]}.
 */
public final class SoakBenchmark {

    private SoakBenchmark() {}

    public static void main(String[] args) {
        Workload workload = Workload.valueOf(args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : "MLP");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        NdgradStep step = new NdgradStep(workload);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long firstHeap = -1;
        long lastHeap = -1;
        long start = System.nanoTime();
        for (int i = 1; i <= steps; i++) {
            step.run();
            if (i % (steps / 10) == 0) {
                System.gc();
                long heap = memory.getHeapMemoryUsage().getUsed();
                if (i >= steps / 5 && firstHeap < 0) {
                    firstHeap = heap;
                }
                lastHeap = heap;
                System.out.printf(Locale.ROOT, "step %6d  heap after GC %7.1f MB  JavaCPP native %7.1f MB  RSS %7.1f MB"
                        + "  loss %.4f%n", i, heap / 1e6, Pointer.totalBytes() / 1e6, Pointer.physicalBytes() / 1e6,
                        step.loss);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d steps in %.1f s; heap after GC %.1f MB → %.1f MB%n", workload, steps,
                seconds, firstHeap / 1e6, lastHeap / 1e6);
        if (lastHeap > firstHeap * 1.2 + 2e6) {
            throw new AssertionError("the heap grew from " + firstHeap + " to " + lastHeap + " bytes");
        }
    }
}
