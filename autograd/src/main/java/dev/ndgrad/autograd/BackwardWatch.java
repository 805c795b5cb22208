package dev.ndgrad.autograd;

/**
 * Watches a custom op's backward while it is recorded for a second-order gradient: did any
 * recorded Tensor op use one of the tensors the op's local derivative depends on (its saved
 * tensors and its output, where they require grad)? If none did, the backward computed that
 * derivative outside Tensor operations, e.g. {@code grad.mul(Tensor.of(rawDerivative))}: its result
 * may still be connected to the graph through {@code grad}, but differentiating it again would
 * silently miss the derivative of the raw part, so the engine guards it with
 * {@link NotDifferentiableAgain} instead.
 */
final class BackwardWatch {

    private final Tensor[] watched;
    private final Autograd.ThreadState state;
    private final BackwardWatch previous;
    private boolean used;

    private BackwardWatch(Tensor[] watched, Autograd.ThreadState state) {
        this.watched = watched;
        this.state = state;
        this.previous = state.watch;
    }

    /** Starts watching the backward of the node with this context, on this thread. */
    static BackwardWatch start(Context ctx) {
        Tensor[] saved = ctx.savedUnchecked();
        Tensor output = ctx.outputUnchecked();
        Tensor[] watched = new Tensor[saved.length + 1];
        int n = 0;
        for (Tensor s : saved) {
            if (s != null && s.requiresGrad()) {
                watched[n++] = s;
            }
        }
        if (output != null && output.requiresGrad()) {
            watched[n++] = output;
        }
        BackwardWatch watch = new BackwardWatch(java.util.Arrays.copyOf(watched, n), Autograd.state());
        watch.state.watch = watch;
        return watch;
    }

    /** Called by {@link Function#apply} for every recorded op while the watch is active. */
    void noteInputs(Tensor[] inputs) {
        for (int i = 0; i < inputs.length && !used; i++) {
            for (Tensor w : watched) {
                used |= inputs[i] == w;
            }
        }
    }

    void stop() {
        state.watch = previous;
    }

    /** Whether the local derivative depends on tensors that require grad. */
    boolean watchesAny() {
        return watched.length > 0;
    }

    /** Whether it does, but no recorded op used them: the derivative was computed on raw arrays. */
    boolean lostLocalDerivative() {
        return watched.length > 0 && !used;
    }
}
