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
     * Gradients of {@code outputs} with respect to {@code inputs}, returned rather than accumulated
     * into {@link Tensor#grad()}: for outputs {@code y_k} and incoming gradients {@code v_k} (ones
     * for scalar outputs), the result for input {@code x_i} is {@code Σ_k v_kᵀ ∂y_k/∂x_i}.
     *
     * @param createGraph record the backward pass, so that the returned gradients can be
     *     differentiated again (gradients of gradients); also keeps the graph alive
     * @throws IllegalArgumentException if an input does not require grad, or is not used by the
     *     outputs (see {@link #grad(List, List, List, boolean, boolean, boolean)} to allow that)
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, boolean createGraph) {
        return grad(outputs, inputs, Collections.nCopies(outputs.size(), null), createGraph, createGraph, false);
    }

    /** {@code grad(List.of(output), List.of(inputs...), createGraph)}. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), inputs, createGraph);
    }

    /**
     * The general form of {@link #grad(List, List, boolean)}.
     *
     * @param gradOutputs one per output, each of the output's shape, or {@code null} for a scalar
     *     output (meaning 1)
     * @param retainGraph keep the saved tensors so that the graph can be walked again
     * @param allowUnused return a zero gradient for an input the outputs do not depend on, instead
     *     of failing
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
            boolean retainGraph, boolean createGraph, boolean allowUnused) {
        checkNotNull(outputs, "outputs");
        checkNotNull(inputs, "inputs");
        checkArgument(!outputs.isEmpty(), "grad: outputs is empty");
        checkArgument(!inputs.isEmpty(), "grad: inputs is empty");
        checkArgument(gradOutputs.size() == outputs.size(),
                "grad: %s gradOutputs for %s outputs", gradOutputs.size(), outputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = checkNotNull(inputs.get(i), "grad: input %s is null", i);
            checkArgument(x.requiresGrad(), "grad: input %s %s does not require grad", i, x.describe());
        }
        return Engine.gradients(outputs, gradOutputs, inputs, retainGraph, createGraph, allowUnused);
    }
}
