package dev.ndgrad.tests.bench;

import dev.ndgrad.autograd.kernel.BinaryFn;
import dev.ndgrad.autograd.kernel.KernelPath;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.UnaryFn;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The measurements behind {@link KernelPath}'s choices, per array size (FLOAT): an elementwise op ({@code tanh},
 * {@code a·b}) on an ND4J array through ND4J versus copied to the host and computed there, and on a host array
 * through the host path versus through ND4J. Prints µs per call (this thread's CPU time, best of repeats) and which
 * path wins; {@code KernelPath.COPY_LIMIT} sits where copying an ND4J operand stops paying.
 *
 * <p>Run: {@code scripts/bench-run KernelPathThresholds} (it sets OMP_NUM_THREADS and
 * OPENBLAS_CORETYPE as for any benchmark).
 */
public final class KernelPathThresholds {

    private KernelPathThresholds() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @SuppressWarnings("try")
    public static void main(String[] args) {
        System.out.println("| elements | tanh: ND4J array via ND4J | copied to host | host array on host | a·b: ND4J | "
                + "copied to host | host on host |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : new int[] {1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20}) {
            Storage nd = Storage.wrap(Nd4j.rand(DataType.FLOAT, n));
            Storage nd2 = Storage.wrap(Nd4j.rand(DataType.FLOAT, n));
            Storage host = Kernels.toHost(nd);
            Storage host2 = Kernels.toHost(nd2);
            double tanhNd;
            double mulNd;
            try (var scope = KernelPath.nd4jOnly()) {
                tanhNd = time(() -> Kernels.unary(UnaryFn.TANH, nd), n);
                mulNd = time(() -> Kernels.binary(BinaryFn.MUL, nd, nd2), n);
            }
            // the host path on an ND4J operand: a bulk copy out of ND4J's buffer, then the loop
            double tanhCopy = time(() -> Kernels.unary(UnaryFn.TANH, Kernels.toHost(nd)), n);
            double mulCopy = time(() -> Kernels.binary(BinaryFn.MUL, Kernels.toHost(nd), Kernels.toHost(nd2)), n);
            double tanhHost = time(() -> Kernels.unary(UnaryFn.TANH, host), n);
            double mulHost = time(() -> Kernels.binary(BinaryFn.MUL, host, host2), n);
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", n, tanhNd, tanhCopy,
                    tanhHost, mulNd, mulCopy, mulHost);
        }
    }

    private static double time(Runnable r, int n) {
        int reps = Math.max(5, (1 << 22) / n);
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 5; k++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                r.run();
            }
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / reps);
        }
        return best;
    }
}
