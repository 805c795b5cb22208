package dev.ndgrad.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A vertex of the recorded graph: one application of a {@link Function} (with its {@link Context}
 * and an edge per input, {@code null} where the input needs no gradient), or the sink that
 * accumulates a leaf's gradient.
 */
final class Node {

    final Function function;
    final Context context;
    final Node[] next;
    /** The leaf whose {@code grad} this sink accumulates into; {@code null} for op nodes. */
    final Tensor leaf;
    /** Where in the user's code the forward op was called, recorded only in anomaly mode. */
    StackTraceElement[] forwardTrace;
    /**
     * The hooks on the gradient of the tensor this node stands for (its output, or the leaf it accumulates into),
     * in registration order; replaced, never changed, so a backward pass reads a consistent list.
     */
    private volatile List<UnaryOperator<Tensor>> hooks = List.of();
    /** The non-leaf tensor whose {@code grad} backward fills ({@link Tensor#retainGrad()}), or {@code null}. */
    volatile Tensor retained;

    Node(Function function, Context context, Node[] next) {
        this.function = function;
        this.context = context;
        this.next = next;
        this.leaf = null;
    }

    private Node(Tensor leaf) {
        this.function = null;
        this.context = null;
        this.next = new Node[0];
        this.leaf = leaf;
    }

    static Node accumulatorFor(Tensor leaf) {
        return new Node(leaf);
    }

    boolean isLeafSink() {
        return leaf != null;
    }

    /** Adds a hook; the handle removes this registration (and only this one). */
    HookHandle addHook(UnaryOperator<Tensor> hook) {
        UnaryOperator<Tensor> registration = g -> hook.apply(g);   // its own identity, even for a hook added twice
        synchronized (this) {
            List<UnaryOperator<Tensor>> more = new ArrayList<>(hooks);
            more.add(registration);
            hooks = List.copyOf(more);
        }
        return () -> {
            synchronized (this) {
                List<UnaryOperator<Tensor>> fewer = new ArrayList<>(hooks);
                fewer.remove(registration);
                hooks = List.copyOf(fewer);
            }
        };
    }

    List<UnaryOperator<Tensor>> hooks() {
        return hooks;
    }

    String name() {
        return leaf != null ? "leaf " + leaf.describe() : function.name();
    }
}
