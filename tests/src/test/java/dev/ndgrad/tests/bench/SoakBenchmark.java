package dev.ndgrad.tests.bench;

import java.util.List;
import java.util.Locale;

/**
 * A soak test of training ({@link Soak}): {@code steps} training steps of a workload's MLP (default 20,000 of
 * {@code mlp}), printing after every tenth of them the heap in use after a full GC, the native memory JavaCPP tracks
 * and the process's resident set: all three must stay flat. Fails if the heap after GC grows by more than 20 % (plus
 * 2 MB) after warm-up. {@code TrainingMemoryTest} runs a shorter soak in every build.
 *
 * <p>Run: {@code scripts/bench-run SoakBenchmark [workload] [steps]}.
 */
public final class SoakBenchmark {

    private SoakBenchmark() {}

    public static void main(String[] args) {
        String workload = args.length > 0 ? args[0] : "mlp";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long start = System.nanoTime();
        List<Soak.Sample> samples = Soak.run(workload, steps);
        for (Soak.Sample s : samples) {
            System.out.printf(Locale.ROOT, "step %6d  heap after GC %7.1f MB  JavaCPP native %7.1f MB  RSS %7.1f MB"
                    + "  loss %.4f%n", s.step(), s.heapAfterGc() / 1e6, s.javacppNative() / 1e6, s.residentSet() / 1e6,
                    s.loss());
        }
        long firstHeap = samples.get(2).heapAfterGc();
        long lastHeap = samples.get(samples.size() - 1).heapAfterGc();
        System.out.printf(Locale.ROOT, "%s: %d steps in %.1f s; heap after GC %.1f MB → %.1f MB%n", workload, steps,
                (System.nanoTime() - start) / 1e9, firstHeap / 1e6, lastHeap / 1e6);
        if (lastHeap > firstHeap * 1.2 + 2e6) {
            throw new AssertionError("the heap grew from " + firstHeap + " to " + lastHeap + " bytes");
        }
    }
}
