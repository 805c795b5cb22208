package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Collections;
import java.util.List;

/**
 * Grad mode and the functional form of reverse-mode differentiation.
 *
 * <p>Grad mode is thread-local: recording is on by default, and {@link #noGrad()} turns it off for
 * a block, restoring the previous mode on close:
 *
 * <pre>{@code
 * try (var scope = Autograd.noGrad()) {
 *     w.updateData(d -> d.subi(w.grad().data().mul(lr)));   // no graph is recorded here
 * }
 * }</pre>
 */
public final class Autograd {

    /** This thread's grad mode, and the watch on a custom backward being recorded (see {@link BackwardWatch}). */
    static final class ThreadState {
        boolean gradEnabled = true;
        BackwardWatch watch;
        AnomalyMode anomaly;
        /** When non-null, the names of the built-in primitives applied on this thread are added (for tests). */
        java.util.Set<String> appliedKinds;
    }

    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    private Autograd() {}

    static ThreadState state() {
        return STATE.get();
    }

    /** Whether ops on this thread currently record the graph. */
    public static boolean isGradEnabled() {
        return STATE.get().gradEnabled;
    }

    /** Turns recording off on this thread until the returned scope is closed. */
    public static GradMode noGrad() {
        return setGradEnabled(false);
    }

    /** Turns recording on on this thread until the returned scope is closed (inside a {@link #noGrad()} block). */
    public static GradMode enableGrad() {
        return setGradEnabled(true);
    }

    /** Sets grad mode on this thread; closing the returned scope restores the previous mode. */
    public static GradMode setGradEnabled(boolean enabled) {
        ThreadState state = STATE.get();
        GradMode scope = new GradMode(state, state.gradEnabled);
        state.gradEnabled = enabled;
        return scope;
    }

    /** A scope that restores the previous grad mode when closed. */
    public static final class GradMode implements AutoCloseable {
        private final ThreadState state;
        private final boolean previous;

        private GradMode(ThreadState state, boolean previous) {
            this.state = state;
            this.previous = previous;
        }

        @Override
        public void close() {
            state.gradEnabled = previous;
        }
    }

    /**
     * Turns anomaly detection on for this thread until the returned scope is closed (PyTorch's
     * {@code detect_anomaly}): the first op whose result or whose gradient is a NaN or an infinity that its
     * inputs did not already hold fails with an {@link ArithmeticException} naming the op, the input whose
     * gradient went bad and the line of code that applied the op in the forward pass. It records a stack
     * trace per op, so it is for debugging, not for production runs.
     *
     * <pre>{@code
     * try (var anomaly = Autograd.detectAnomaly()) {
     *     Tensor loss = model.forward(x).log().mean();   // log(0) here would name this line
     *     loss.backward();
     * }
     * }</pre>
     */
    public static AnomalyScope detectAnomaly() {
        ThreadState state = STATE.get();
        AnomalyScope scope = new AnomalyScope(state, state.anomaly);
        state.anomaly = new AnomalyMode();
        return scope;
    }

    /** Whether anomaly detection is on for this thread. */
    public static boolean isAnomalyEnabled() {
        return STATE.get().anomaly != null;
    }

    /** A scope that restores the previous anomaly mode when closed. */
    public static final class AnomalyScope implements AutoCloseable {
        private final ThreadState state;
        private final AnomalyMode previous;

        private AnomalyScope(ThreadState state, AnomalyMode previous) {
            this.state = state;
            this.previous = previous;
        }

        @Override
        public void close() {
            state.anomaly = previous;
        }
    }

    /**
     * What {@link #grad(List, List, Options)} does besides the default (PyTorch's keyword arguments of
     * {@code torch.autograd.grad}).
     *
     * @param gradOutputs one per output, each of the output's shape, or {@code null} entries (or a
     *     {@code null} list) for scalar outputs, meaning 1
     * @param retainGraph keep the saved tensors so that the graph can be walked again
     * @param createGraph record the backward pass, so that the returned gradients can be differentiated again
     *     (implies retaining the graph)
     * @param allowUnused return a zero gradient for an input the outputs do not depend on, instead of failing
     */
    public record Options(List<Tensor> gradOutputs, boolean retainGraph, boolean createGraph, boolean allowUnused) {

        /** Ones for scalar outputs; free the graph; no second order; every input must be used. */
        public static Options defaults() {
            return new Options(null, false, false, false);
        }

        public Options withGradOutputs(List<Tensor> gradOutputs) {
            return new Options(gradOutputs, retainGraph, createGraph, allowUnused);
        }

        public Options retainingGraph() {
            return new Options(gradOutputs, true, createGraph, allowUnused);
        }

        /** Records the backward (and retains the graph) so that the gradients can be differentiated again. */
        public Options creatingGraph() {
            return new Options(gradOutputs, true, true, allowUnused);
        }

        public Options allowingUnused() {
            return new Options(gradOutputs, retainGraph, createGraph, true);
        }
    }

    /**
     * Gradients of {@code outputs} with respect to {@code inputs}, returned rather than accumulated
     * into {@link Tensor#grad()}: for outputs {@code y_k} and incoming gradients {@code v_k} (ones
     * for scalar outputs), the result for input {@code x_i} is {@code Σ_k v_kᵀ ∂y_k/∂x_i}.
     *
     * @param createGraph record the backward pass, so that the returned gradients can be
     *     differentiated again (gradients of gradients); also keeps the graph alive
     * @throws IllegalArgumentException if an input does not require grad, or is not used by the
     *     outputs (see {@link #grad(List, List, Options)} to allow that)
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, boolean createGraph) {
        return grad(outputs, inputs, createGraph ? Options.defaults().creatingGraph() : Options.defaults());
    }

    /** {@code grad(List.of(output), List.of(inputs...), createGraph)}. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), inputs, createGraph);
    }

    /** The general form of {@link #grad(List, List, boolean)}, with the {@link Options} PyTorch offers. */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, Options options) {
        checkNotNull(outputs, "outputs");
        checkNotNull(inputs, "inputs");
        checkNotNull(options, "options");
        checkArgument(!outputs.isEmpty(), "grad: outputs is empty");
        checkArgument(!inputs.isEmpty(), "grad: inputs is empty");
        List<Tensor> gradOutputs = options.gradOutputs() != null ? options.gradOutputs()
                : Collections.nCopies(outputs.size(), null);
        checkArgument(gradOutputs.size() == outputs.size(),
                "grad: %s gradOutputs for %s outputs", gradOutputs.size(), outputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = checkNotNull(inputs.get(i), "grad: input %s is null", i);
            checkArgument(x.requiresGrad(), "grad: input %s %s does not require grad", i, x.describe());
        }
        return Engine.gradients(outputs, gradOutputs, inputs, options.retainGraph() || options.createGraph(),
                options.createGraph(), options.allowUnused());
    }
}
