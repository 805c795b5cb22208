package dev.ndgrad.tests.bench;

import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * A deterministic companion of {@link SequenceLayerBenchmark} for a noisy shared machine: the ND4J op
 * invocations (OpProfiler; BLAS gemm calls are not counted) of one forward and backward of each benchmarked
 * layer, for 16 and 64 steps, and the count per step. Run: {@code scripts/bench-run SequenceLayerOpCount}.
 */
public final class SequenceLayerOpCount {

    private SequenceLayerOpCount() {}

    public static void main(String[] args) {
        for (int seq : new int[] {16, 64}) {
            SequenceLayerBenchmark bench = new SequenceLayerBenchmark();
            bench.seq = seq;
            bench.setUp();
            report("lstm", seq, bench::lstmStep);
            report("encoder", seq, bench::encoderStep);
        }
    }

    private static void report(String name, int seq, Runnable step) {
        for (int i = 0; i < 3; i++) {
            step.run();
        }
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.ALL);
        OpProfiler.getInstance().reset();
        step.run();
        long ops = OpProfiler.getInstance().getInvocationsCount();
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        System.out.printf("%s seq=%d: %d ND4J op invocations per forward+backward (%.1f per step)%n", name, seq, ops,
                (double) ops / seq);
    }
}
