package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.BinaryFn;
import dev.ndgrad.autograd.kernel.Kernels;

/**
 * A tensor's accumulated gradient ({@link Tensor#grad()}) and the two facts that say who may change or reuse its
 * memory:
 *
 * <ul>
 *   <li><b>owned</b>: the engine made the array and nothing else refers to it, so a later backward adds into it in
 *       place; a gradient set by the caller, or one that is another tensor's, is not owned, and the first addition
 *       copies it;
 *   <li><b>handed out</b>: {@link Tensor#grad()} gave it to a caller, who may keep it, so {@link #clear()} must not
 *       reuse its memory. Readers that keep no reference ({@link Tensor#gradForUpdate()}) leave it unset.
 * </ul>
 *
 * <p>Every method holds the slot's lock: backward passes on several threads add into one leaf's gradient.
 */
final class GradSlot {

    private Tensor grad;
    private boolean owned;
    private boolean handedOut;

    /** The gradient for a caller who may keep it. */
    synchronized Tensor handOut() {
        handedOut = grad != null;
        return grad;
    }

    /** The gradient for a reader that keeps no reference to it. */
    synchronized Tensor peek() {
        return grad;
    }

    /** The caller's gradient, or none; never owned, so never changed in place nor reused. */
    synchronized void set(Tensor g) {
        grad = g;
        owned = false;
        handedOut = false;
    }

    /** Forgets the gradient; an owned one nobody was handed goes back to the kernels for reuse. */
    synchronized void clear() {
        if (grad != null && owned && !handedOut) {
            Kernels.release(grad.storage());
        }
        set(null);
    }

    /**
     * Adds the gradient {@code g} of one backward pass ({@code gOwned}: the engine may keep or reuse its array).
     * The slot's gradient stays an array of its own: one the engine does not own (the caller's gradOutput, another
     * tensor's gradient, a view) is copied before it is kept, so that a later in-place addition, or a caller's
     * in-place change of one tensor's gradient, never changes another tensor. An addition is in place when the
     * gradient is owned, and bumps its version so that a graph which saved it notices; with {@code createGraph},
     * or when either side requires grad, it is a recorded {@code add}.
     */
    synchronized void accumulate(Tensor g, boolean gOwned, boolean createGraph) {
        if (grad == null) {
            boolean copy = !gOwned && !g.requiresGrad();
            replace(copy ? Tensor.owned(Kernels.copy(g.storage())) : g, gOwned || copy);
        } else if (createGraph || grad.requiresGrad() || g.requiresGrad()) {
            replace(grad.add(g), false);
        } else if (owned) {
            Kernels.addInPlace(grad.storage(), g.storage());
            grad.versionCounter().value++;
            releaseIfOwned(g, gOwned);
        } else {
            replace(Tensor.owned(Kernels.binary(BinaryFn.ADD, grad.storage(), g.storage())), true);
            releaseIfOwned(g, gOwned);
        }
    }

    private void replace(Tensor g, boolean gOwned) {
        grad = g;
        owned = gOwned;
        handedOut = false;
    }

    /** An owned gradient added into another is referred to by nothing any more. */
    private static void releaseIfOwned(Tensor g, boolean gOwned) {
        if (gOwned) {
            Kernels.release(g.storage());
        }
    }
}
