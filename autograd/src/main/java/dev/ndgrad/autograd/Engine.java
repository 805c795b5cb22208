package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.BinaryFn;
import dev.ndgrad.autograd.kernel.Kernels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The reverse-mode pass. It orders the graph reachable from the outputs by an iterative depth-first
 * search (no recursion, so a 10,000-op chain cannot overflow the stack), then visits each node once,
 * after every node that consumes it, summing the gradients that reach it, calling its backward, and
 * reducing each input gradient to the input's shape (broadcasting is undone here, once, for every op).
 *
 * <p>Gradients are summed in place only into arrays the engine owns: an array a built-in op has just
 * written, that no other tensor refers to (not the incoming gradient passed through, not a view, not
 * an array handed to two inputs, never the result of a custom backward, never the caller's
 * gradOutput). Everything else is summed into a new array. An owned gradient that has been consumed
 * (added into another, or passed through a built-in backward that returned no view of it) is released
 * for reuse by later results ({@code Kernels.release}); one handed to the caller (a leaf's grad, a
 * target of {@code Autograd.grad}, a hook or a retained gradient) never is.
 */
final class Engine {

    private Engine() {}

    /** The gradient arriving at a node, and whether the engine owns its buffer (may add into it in place). */
    private static final class Pending {
        Tensor value;
        boolean owned;

        Pending(Tensor value, boolean owned) {
            this.value = value;
            this.owned = owned;
        }
    }

    /** {@code output.backward(gradOutput)}: accumulates into the {@code grad} of every leaf reached. */
    static void backward(Tensor output, Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        Node root = rootOf(output, "backward");
        Tensor seed = seedFor(output, gradOutput, "backward");
        run(new Node[] {root}, new Tensor[] {seed}, new boolean[] {gradOutput == null}, null, retainGraph,
                createGraph);
    }

    static List<Tensor> gradients(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs,
            boolean retainGraph, boolean createGraph, boolean allowUnused) {
        Node[] roots = new Node[outputs.size()];
        Tensor[] seeds = new Tensor[outputs.size()];
        boolean[] owned = new boolean[outputs.size()];
        for (int k = 0; k < roots.length; k++) {
            String what = "grad: output " + k;
            roots[k] = rootOf(outputs.get(k), what);
            seeds[k] = seedFor(outputs.get(k), gradOutputs.get(k), what);
            owned[k] = gradOutputs.get(k) == null;
        }
        Map<Node, Tensor> targets = new IdentityHashMap<>();
        for (Tensor x : inputs) {
            targets.put(x.gradEdge(), null);
        }
        run(roots, seeds, owned, targets, retainGraph, createGraph);
        List<Tensor> result = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            Tensor g = targets.get(x.gradEdge());
            if (g == null) {
                if (!allowUnused) {
                    throw new IllegalArgumentException("grad: input " + i + " " + x.describe()
                            + " is not used to compute the outputs; pass allowUnused=true to get a zero gradient");
                }
                g = Tensor.zeros(x.dtype(), x.shape());
            }
            result.add(g);
        }
        return result;
    }

    private static Node rootOf(Tensor output, String what) {
        if (!output.requiresGrad()) {
            throw new IllegalStateException(what + ": " + output.describe() + " does not require grad: "
                    + "no input of it requires grad, or it was computed with grad mode off");
        }
        return output.gradEdge();
    }

    private static Tensor seedFor(Tensor output, Tensor gradOutput, String what) {
        if (gradOutput == null) {
            if (output.size() != 1) {
                throw new IllegalArgumentException(what + ": without a gradOutput the output must have one element, got "
                        + output.describe() + "; pass a gradOutput of that shape");
            }
            return Tensor.owned(Kernels.full(output.dtype(), output.shape(), 1.0));
        }
        if (!Arrays.equals(gradOutput.shape(), output.shape()) || gradOutput.dtype() != output.dtype()) {
            throw new IllegalArgumentException(what + ": gradOutput " + gradOutput.describe()
                    + " must have the output's shape and dtype " + output.describe());
        }
        return gradOutput;
    }

    @SuppressWarnings("try")   // the grad-mode scope acts on close
    private static void run(Node[] roots, Tensor[] seeds, boolean[] seedOwned, Map<Node, Tensor> targets,
            boolean retainGraph, boolean createGraph) {
        List<Node> postorder = topologicalPostorder(roots);
        Map<Node, Boolean> runs = targets == null ? null : nodesLeadingToTargets(postorder, targets);
        Map<Node, Pending> pending = new IdentityHashMap<>();
        for (int k = 0; k < roots.length; k++) {
            add(pending, roots[k], seeds[k], seedOwned[k] && !createGraph, createGraph);
        }
        AnomalyMode anomaly = Autograd.state().anomaly;
        List<Tensor> released = null;
        try (var mode = Autograd.setGradEnabled(createGraph)) {
            for (int n = postorder.size() - 1; n >= 0; n--) {
                Node node = postorder.get(n);
                Pending incoming = pending.remove(node);
                if (incoming == null) {
                    continue;
                }
                boolean target = targets != null && targets.containsKey(node);
                boolean runsBackward = !node.isLeafSink() && (runs == null || runs.get(node));
                if (targets != null && !target && !runsBackward) {
                    continue;   // Autograd.grad: neither asked for nor on the way to what is
                }
                incoming = withHooks(node, incoming);
                if (target) {
                    targets.put(node, incoming.value);
                }
                if (node.isLeafSink()) {
                    if (targets == null) {
                        accumulateInto(node.leaf, incoming, createGraph);
                    }
                    continue;
                }
                Tensor retained = node.retained;
                if (retained != null && targets == null) {
                    accumulateInto(retained, new Pending(incoming.value, false), createGraph);
                }
                if (!runsBackward) {
                    continue;
                }
                boolean stillUsed = propagate(node, incoming.value, pending, createGraph, anomaly);
                if (incoming.owned && !stillUsed && !createGraph && node.function.isBuiltIn()
                        && (targets == null || !targets.containsKey(node))) {
                    // consumed: no gradient the backward returned is a view of it, nothing else refers to it
                    Kernels.release(incoming.value.storage());
                }
                if (!retainGraph) {
                    if (targets == null && !createGraph) {
                        released = collectReleasable(node.context, released);
                    }
                    node.context.release();
                }
            }
        }
        if (released != null) {
            for (Tensor t : released) {
                Kernels.release(t.storage());
            }
        }
    }

    /**
     * Adds the tensors {@code context} saved that only the graph refers to ({@link Tensor#releaseWithGraph()}).
     * Their memory is reused once the whole pass is over, not as each node finishes: a tensor is saved by the
     * op that made it as well as by the ops that read it.
     */
    private static List<Tensor> collectReleasable(Context context, List<Tensor> released) {
        for (Tensor t : context.savedUnchecked()) {
            released = addReleasable(t, released);
        }
        return addReleasable(context.outputUnchecked(), released);
    }

    private static List<Tensor> addReleasable(Tensor t, List<Tensor> released) {
        if (t == null || !t.releasesWithGraph()) {
            return released;
        }
        List<Tensor> list = released == null ? new ArrayList<>() : released;
        list.add(t);
        return list;
    }

    /**
     * Calls the node's backward and hands each input's gradient on to the node that produced that input.
     * Returns whether a gradient handed on shares memory with {@code grad} (so {@code grad} is still in use).
     */
    private static boolean propagate(Node node, Tensor grad, Map<Node, Pending> pending, boolean createGraph,
            AnomalyMode anomaly) {
        Tensor[] inputGrads;
        BackwardWatch watch = createGraph && !node.function.isBuiltIn() ? BackwardWatch.start(node.context) : null;
        if (anomaly != null) {
            anomaly.backwardStarts();
        }
        try {
            inputGrads = node.function.backward(node.context, grad);
        } finally {
            if (anomaly != null) {
                anomaly.backwardEnds();
            }
            if (watch != null) {
                watch.stop();
            }
        }
        if (inputGrads == null || inputGrads.length != node.next.length) {
            throw new IllegalStateException(node.name() + ": backward returned "
                    + (inputGrads == null ? "null" : inputGrads.length + " gradients") + " for " + node.next.length
                    + " inputs");
        }
        boolean gradStillUsed = false;
        for (int i = 0; i < inputGrads.length; i++) {
            Tensor g = inputGrads[i];
            if (node.next[i] == null || g == null) {
                gradStillUsed |= g != null && g.storage().sharesMemoryWith(grad.storage());
                continue;
            }
            long[] inputShape = node.context.inputShapeUnsafe(i);
            boolean owned = !createGraph && isOwnable(node, grad, inputGrads, i);
            if (!Arrays.equals(g.shape(), inputShape)) {
                if (!dev.ndgrad.autograd.kernel.Shapes.canSumTo(g.shape(), inputShape)) {
                    throw new IllegalStateException(node.name() + ": backward returned a gradient of shape "
                            + Arrays.toString(g.shape()) + " for input " + i + " of shape " + Arrays.toString(inputShape));
                }
                Tensor summed = g.sumToShape(inputShape);
                // a sum writes a new array; a mere reshape (only axes of size 1 dropped) is a view of g
                owned = !createGraph && summed.isExclusive();
                g = summed;
            }
            if (anomaly != null) {
                anomaly.checkGradient(node, i, grad, g);
            }
            if (watch != null) {
                g = guardSecondOrder(node, grad, g, watch);
            }
            gradStillUsed |= g.storage().sharesMemoryWith(grad.storage());
            add(pending, node.next[i], g, owned, createGraph);
        }
        return gradStillUsed;
    }

    /**
     * Whether input gradient {@code i} is an array the engine may add into in place: written by a built-in
     * op just now and referred to by nothing else (see the class comment).
     */
    private static boolean isOwnable(Node node, Tensor grad, Tensor[] inputGrads, int i) {
        Tensor g = inputGrads[i];
        if (!node.function.isBuiltIn() || g == grad || !g.isExclusive()) {
            return false;
        }
        for (int j = 0; j < inputGrads.length; j++) {
            if (j != i && inputGrads[j] == g) {
                return false;
            }
        }
        return true;
    }

    /**
     * A custom backward that left Tensor operations returns a gradient that is cut off from the
     * graph, or connected only through {@code grad} while its local derivative was computed on raw
     * arrays. Differentiating it again would silently give a wrong (often zero) result, so it gets
     * a node that fails instead. Built-in ops never need this: their backward passes are verified
     * to second order.
     */
    private static Tensor guardSecondOrder(Node node, Tensor grad, Tensor g, BackwardWatch watch) {
        Function f = node.function;
        boolean raw = !f.isBackwardDifferentiable() || watch.lostLocalDerivative()
                || (!g.requiresGrad() && (grad.requiresGrad() || watch.watchesAny()));
        return raw ? NotDifferentiableAgain.wrap(f.name(), g) : g;
    }

    private static void add(Map<Node, Pending> pending, Node node, Tensor g, boolean owned, boolean createGraph) {
        Pending p = pending.get(node);
        if (p == null) {
            pending.put(node, new Pending(g, owned));
        } else if (createGraph) {
            p.value = p.value.add(g);
            p.owned = false;
        } else if (p.owned) {
            Kernels.addInPlace(p.value.storage(), g.storage());
            if (owned) {
                Kernels.release(g.storage());      // added in: nothing else refers to it
            }
        } else {
            p.value = Tensor.owned(Kernels.binary(BinaryFn.ADD, p.value.storage(), g.storage()));
            p.owned = true;
            if (owned) {
                Kernels.release(g.storage());
            }
        }
    }

    /**
     * The incoming gradient after the node's tensor hooks ({@link Tensor#registerHook}), applied in registration
     * order, each to the previous one's result ({@code null}: unchanged). The engine owns no gradient a hook has
     * seen: the hook may have kept it.
     */
    private static Pending withHooks(Node node, Pending incoming) {
        List<UnaryOperator<Tensor>> hooks = node.hooks();
        if (hooks.isEmpty()) {
            return incoming;
        }
        Tensor g = incoming.value;
        for (UnaryOperator<Tensor> hook : hooks) {
            Tensor changed = hook.apply(g);
            if (changed != null) {
                if (!Arrays.equals(changed.shape(), g.shape()) || changed.dtype() != g.dtype()) {
                    throw new IllegalStateException("a gradient hook on " + node.name() + " returned "
                            + changed.describe() + " for a gradient " + g.describe()
                            + ": a hook must keep the gradient's shape and dtype");
                }
                g = changed;
            }
        }
        return new Pending(g, false);
    }

    /**
     * Adds a gradient into {@code leaf.grad} (a leaf's, or a non-leaf's that {@link Tensor#retainGrad() retains}
     * it): the ownership rules are {@link GradSlot}'s.
     */
    private static void accumulateInto(Tensor leaf, Pending incoming, boolean createGraph) {
        leaf.gradSlot().accumulate(incoming.value, incoming.owned, createGraph);
    }

    /** Nodes in depth-first postorder: every node after all the nodes its inputs come from. */
    static List<Node> topologicalPostorder(Node[] roots) {
        List<Node> order = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ArrayDeque<int[]> cursor = new ArrayDeque<>();
        for (Node root : roots) {
            if (seen.put(root, Boolean.TRUE) != null) {
                continue;
            }
            stack.push(root);
            cursor.push(new int[] {0});
            while (!stack.isEmpty()) {
                Node top = stack.peek();
                int[] at = cursor.peek();
                if (at[0] < top.next.length) {
                    Node child = top.next[at[0]++];
                    if (child != null && seen.put(child, Boolean.TRUE) == null) {
                        stack.push(child);
                        cursor.push(new int[] {0});
                    }
                } else {
                    stack.pop();
                    cursor.pop();
                    order.add(top);
                }
            }
        }
        return order;
    }

    /** For {@link Autograd#grad}: which nodes must run their backward to reach a target (others are skipped). */
    private static Map<Node, Boolean> nodesLeadingToTargets(List<Node> postorder, Map<Node, Tensor> targets) {
        Map<Node, Boolean> runs = new IdentityHashMap<>();
        Map<Node, Boolean> needed = new IdentityHashMap<>();
        for (Node node : postorder) {
            boolean anyChildNeeded = node.function instanceof NotDifferentiableAgain;
            for (Node child : node.next) {
                anyChildNeeded |= child != null && needed.get(child);
            }
            runs.put(node, anyChildNeeded);
            needed.put(node, anyChildNeeded || targets.containsKey(node));
        }
        return runs;
    }
}
