package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Storage;
import java.util.Arrays;

/**
 * Anomaly detection (PyTorch's {@code detect_anomaly}), on for one thread inside
 * {@link Autograd#detectAnomaly()}: every op's result and every gradient a backward returns is checked,
 * and the first NaN or infinity an op <em>creates</em> (from finite inputs) stops the computation with an
 * error naming the op, the input whose gradient went bad, and the line of the caller's code where that
 * op was applied in the forward pass (forward stacks are recorded only in this mode). A value that was
 * already non-finite when it reached the op (an intended {@code −∞} mask, say) is not the op's fault and
 * passes.
 */
final class AnomalyMode {

    /** Called by {@link Function#apply} for each forward result. */
    void checkForward(Function f, Tensor[] inputs, Storage out) {
        if (!out.dtype().isFPType() || allFinite(out)) {
            return;
        }
        for (Tensor x : inputs) {
            if (x.dtype().isFPType() && !allFinite(x.storage())) {
                return;
            }
        }
        throw new AnomalyException(String.format("%s produced %s from finite inputs %s, %s", f.name(), firstBad(out),
                NdgradErrors.describe(inputs), where(traceOfCaller())));
    }

    /** Called by the engine for gradient {@code i} a node's backward returned for {@code incoming}. */
    void checkGradient(Node node, int i, Tensor incoming, Tensor g) {
        if (!g.dtype().isFPType() || allFinite(g.storage()) || !allFinite(incoming.storage())) {
            return;
        }
        throw new AnomalyException(String.format(
                "the backward of %s returned %s in the gradient of its input %d %s (the incoming gradient was "
                        + "finite); %s", node.name(), firstBad(g.storage()), i,
                Arrays.toString(node.context.inputShape(i)), where(node.forwardTrace)));
    }

    /** The stack of the code that applied the op, without ndgrad's own frames. */
    StackTraceElement[] traceOfCaller() {
        StackTraceElement[] all = new Throwable().getStackTrace();
        int from = 0;
        while (from < all.length && all[from].getClassName().startsWith("dev.ndgrad.autograd.")) {
            from++;
        }
        return Arrays.copyOfRange(all, from, all.length);
    }

    private static String where(StackTraceElement[] trace) {
        if (trace == null || trace.length == 0) {
            return "applied where no stack was recorded (turn anomaly mode on before the forward pass)";
        }
        return "applied in the forward pass at " + trace[0];
    }

    private static boolean allFinite(Storage s) {
        for (double v : s.toDoubleArray()) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static String firstBad(Storage s) {
        double[] values = s.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return values[i] + " (at element " + i + " of " + s + ")";
            }
        }
        return "no non-finite value";
    }

    /** The error anomaly mode raises: an op that created a NaN or an infinity. */
    static final class AnomalyException extends ArithmeticException {
        private static final long serialVersionUID = 1L;

        AnomalyException(String message) {
            super(message);
        }
    }
}
