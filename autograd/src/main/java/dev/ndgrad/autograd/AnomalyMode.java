package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Storage;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.Objects;

/**
 * Anomaly detection (PyTorch's {@code detect_anomaly}), on for one thread inside
 * {@link Autograd#detectAnomaly()}: every op's result and every gradient a backward returns is checked,
 * and the first NaN or infinity an op <em>creates</em> (from finite inputs) stops the computation with an
 * error naming the op, the input whose gradient went bad, and the line of the caller's code where that
 * op was applied in the forward pass (forward stacks are recorded only in this mode), with the calls that led
 * there. A value that was already non-finite when it reached the op (an intended {@code −∞} mask, say) is not the
 * op's fault and passes; so does an infinity inside a backward formula that the formula masks (only what a backward
 * returns is checked).
 */
final class AnomalyMode {

    /** Called by {@link Function#apply} for each forward result. */
    void checkForward(Function f, Tensor[] inputs, Storage out) {
        if (backwards > 0 || !out.dtype().isFPType() || allFinite(out)) {
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

    /** How many frames of the caller's code a report keeps: the op's line and the calls that led to it. */
    private static final int FRAMES = 4;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /**
     * Whether a class is ndgrad's autograd itself (not merely in its package, as a caller's tests may be): loaded
     * from the same place as this class.
     */
    private static final ClassValue<Boolean> OWN_CODE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            return c.getName().startsWith("dev.ndgrad.autograd.")
                    && Objects.equals(location(c), location(AnomalyMode.class));
        }
    };

    private static Object location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    /** Nesting of backward calls on this thread: the ops a backward applies are checked through its result. */
    private int backwards;

    /**
     * Marks the start of a node's backward: the ops it applies are not checked one by one (a formula may hold an
     * infinity that it masks, as pow's ln 0 where the base is 0), only the gradients it returns.
     */
    void backwardStarts() {
        backwards++;
    }

    void backwardEnds() {
        backwards--;
    }

    /** The frames of the code that applied the op, without autograd's own, the innermost first. */
    StackTraceElement[] traceOfCaller() {
        return WALKER.walk(frames -> frames.dropWhile(f -> OWN_CODE.get(f.getDeclaringClass())).limit(FRAMES)
                .map(StackWalker.StackFrame::toStackTraceElement).toArray(StackTraceElement[]::new));
    }

    private static String where(StackTraceElement[] trace) {
        if (trace == null || trace.length == 0) {
            return "applied where no stack was recorded (turn anomaly mode on before the forward pass)";
        }
        StringBuilder s = new StringBuilder("applied in the forward pass at ").append(trace[0]);
        for (int i = 1; i < trace.length; i++) {
            s.append(i == 1 ? ", called from " : ", from ").append(trace[i]);
        }
        return s.toString();
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
}
