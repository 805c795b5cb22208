package dev.ndgrad.autograd;

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

    String name() {
        return leaf != null ? "leaf " + leaf.describe() : function.name();
    }
}
