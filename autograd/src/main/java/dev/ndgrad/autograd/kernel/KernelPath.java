package dev.ndgrad.autograd.kernel;

/**
 * Which implementation a kernel call runs: the <b>host</b> path (JVM loops and OpenBLAS on JVM arrays; CPU
 * backend only) or <b>ND4J</b>. The choice is made per call from the backend, the dtypes and where the
 * operands live:
 *
 * <ul>
 *   <li>on the CPU backend, FLOAT, DOUBLE and LONG operands run on the host, unless an operand is an ND4J
 *       array of more than {@link #COPY_LIMIT} elements (copying it would cost what the op costs); matrix
 *       products of FLOAT and DOUBLE operands always do, as OpenBLAS reads ND4J's dense arrays in place;
 *   <li>everything else (the CUDA backend, other dtypes) runs on ND4J.
 * </ul>
 *
 * <p>Both paths compute the same values (within a few ulps; the per-op property suites run every op on
 * each). The host path can be turned off for a whole JVM with {@code -Dndgrad.kernels=nd4j}, and for a
 * block of code on one thread with {@link #nd4jOnly()} — to compare the two, or to rule one out when
 * chasing a bug.
 */
public final class KernelPath {

    /** ND4J arrays up to this many elements are copied to the host rather than sending the op to ND4J. */
    public static final long COPY_LIMIT = 1L << 15;

    private static final boolean HOST_DISABLED = "nd4j".equalsIgnoreCase(System.getProperty("ndgrad.kernels", ""));

    private static final ThreadLocal<int[]> FORCED = ThreadLocal.withInitial(() -> new int[1]);

    private KernelPath() {}

    /** Whether this thread may use the host path at all (CPU backend, not turned off). */
    public static boolean hostEnabled() {
        return Nd4jArrays.CPU_BACKEND && !HOST_DISABLED && FORCED.get()[0] == 0;
    }

    /**
     * Sends every kernel call on this thread to ND4J until the returned scope is closed (scopes nest). New
     * tensors made inside are ND4J arrays.
     */
    public static Scope nd4jOnly() {
        int[] depth = FORCED.get();
        depth[0]++;
        return new Scope(depth);
    }

    /** Closing it ends {@link #nd4jOnly()}. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }

    static boolean onHost(Storage a) {
        return hostEnabled() && fits(a);
    }

    static boolean onHost(Storage a, Storage b) {
        return hostEnabled() && fits(a) && fits(b);
    }

    static boolean onHost(Storage a, Storage b, Storage c) {
        return hostEnabled() && fits(a) && fits(b) && fits(c);
    }

    static boolean onHost(Storage[] all) {
        if (!hostEnabled()) {
            return false;
        }
        for (Storage s : all) {
            if (!fits(s)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a matrix product of these operands runs on the host: OpenBLAS reads dense ND4J arrays where they
     * are, so on the CPU backend every FLOAT and DOUBLE operand does, whatever its size.
     */
    static boolean onHostGemm(Storage a, Storage b) {
        return hostEnabled() && a.dtype().isFPType() && HostBuffer.supports(a.dtype()) && HostBuffer.supports(b.dtype());
    }

    static boolean onHostGemm(Storage a, Storage b, Storage c) {
        return onHostGemm(a, b) && HostBuffer.supports(c.dtype());
    }

    private static boolean fits(Storage s) {
        return HostBuffer.supports(s.dtype()) && (s.isHost() || s.length() <= COPY_LIMIT || s.isPooledNative());
    }
}
