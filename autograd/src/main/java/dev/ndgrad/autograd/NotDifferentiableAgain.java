package dev.ndgrad.autograd;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Marks a gradient produced by a backward that cannot be differentiated again: the value passes
 * through, and any attempt to differentiate through it fails with a message naming the op.
 */
final class NotDifferentiableAgain extends Function {

    private final String op;

    private NotDifferentiableAgain(String op) {
        super("second-order guard of " + op);
        this.op = op;
    }

    static Tensor wrap(String op, Tensor gradient) {
        NotDifferentiableAgain guard = new NotDifferentiableAgain(op);
        Context ctx = new Context(guard, new Tensor[0], true);
        Tensor.Version version = gradient.versionCounter();
        version.shared = true;
        return Tensor.fromOp(gradient.storage(), new Node(guard, ctx, new Node[0]), version, false);
    }

    @Override
    protected INDArray forward(Context ctx, Tensor... inputs) {
        throw new AssertionError("never applied");
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
        throw new IllegalStateException(op + ": its backward is not written in Tensor operations (or declares "
                + "isBackwardDifferentiable() = false), so it cannot be differentiated again; second-order "
                + "gradients through " + op + " are not available. Write its backward with Tensor ops to enable them.");
    }
}
