package dev.ndgrad.tests.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Times the workloads' training steps through ndgrad and through hand-written ND4J, interleaved in one JVM:
 * warm-up, then {@code rounds} rounds in which each implementation runs a pass of steps in turn; prints one line
 * per workload and implementation with the lower pass mean (µs per step) and the loss, which must agree between
 * the two; beside them the step's matrix products alone ({@link GemmLimitStep}, "gemm"), the floor of any step.
 * {@code scripts/bench-workloads} runs it at 1 and 2 threads beside the PyTorch script and prints the ratios (see
 * BENCHMARKS.md).
 *
 * <p>Arguments: {@code [rounds] [workload...]} (defaults: 3 rounds, all workloads).
 */
public final class WorkloadBenchmark {

    private WorkloadBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Workload[] workloads = Workload.values();
        if (args.length > 1) {
            workloads = new Workload[args.length - 1];
            for (int i = 1; i < args.length; i++) {
                workloads[i - 1] = Workload.valueOf(args[i].toUpperCase(Locale.ROOT));
            }
        }
        for (Workload workload : workloads) {
            Map<String, Runnable> steps = new LinkedHashMap<>();
            NdgradStep ndgrad = new NdgradStep(workload);
            Nd4jStep nd4j = new Nd4jStep(workload);
            steps.put("ndgrad", ndgrad);
            steps.put("nd4j", nd4j);
            steps.put("gemm", new GemmLimitStep(workload));
            Map<String, double[]> best = measure(steps, workload, rounds);
            for (Map.Entry<String, double[]> e : best.entrySet()) {
                double loss = e.getKey().equals("ndgrad") ? ndgrad.loss : e.getKey().equals("nd4j") ? nd4j.loss : 0;
                System.out.printf(Locale.ROOT, "%s %s %.1f cpu=%.1f loss=%.5f gemm_gflops=%.4f heap_bytes=%d%n",
                        workload, e.getKey(), e.getValue()[0], e.getValue()[1], loss, workload.gemmFlops() / 1e9,
                        heapBytesPerStep(steps.get(e.getKey())));
            }
        }
    }

    /**
     * Java heap bytes this thread allocates per step in steady state (HotSpot's per-thread allocation counter):
     * unlike time, a figure that does not drift with the machine's load. ND4J's own off-heap buffers are not counted.
     */
    private static long heapBytesPerStep(Runnable step) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int steps = 200;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / steps;
    }

    /** Per implementation: the lower pass mean of wall-clock µs per step, and of this thread's CPU µs per step. */
    private static Map<String, double[]> measure(Map<String, Runnable> steps, Workload workload, int rounds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int perPass = workload == Workload.MLP ? 200 : 1000;
        // warm-up: two passes, and at least two seconds per implementation (the JIT compiles the small steps late)
        for (Runnable step : steps.values()) {
            long warmUntil = System.nanoTime() + 2_000_000_000L;
            for (int i = 0; i < perPass * 2 || System.nanoTime() < warmUntil; i++) {
                step.run();
            }
        }
        Map<String, double[]> best = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Runnable> e : steps.entrySet()) {
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                for (int i = 0; i < perPass; i++) {
                    e.getValue().run();
                }
                double micros = (System.nanoTime() - start) / 1e3 / perPass;
                double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / perPass;
                best.merge(e.getKey(), new double[] {micros, cpuMicros},
                        (a, b) -> new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1])});
            }
        }
        return best;
    }

}
