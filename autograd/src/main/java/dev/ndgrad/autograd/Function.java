package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkNotNull;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable operation: a forward on arrays and a backward (its vector-Jacobian product) in
 * Tensor operations. Built-in ops are Functions too, so a custom op is recorded, checked and freed
 * exactly like {@code add} or {@code matmul}.
 *
 * <pre>{@code
 * // swish(x) = x·σ(x),  dswish/dx = σ(x) + x·σ(x)(1 − σ(x))
 * final class Swish extends Function {
 *     protected INDArray forward(Context ctx, Tensor... in) {
 *         ctx.saveForBackward(in[0]);
 *         return in[0].data().mul(Transforms.sigmoid(in[0].data(), true));
 *     }
 *     protected Tensor[] backward(Context ctx, Tensor grad) {
 *         Tensor x = ctx.saved(0), s = x.sigmoid();
 *         return new Tensor[] {grad.mul(s.add(x.mul(s).mul(s.neg().add(1))))};
 *     }
 * }
 * Tensor y = new Swish().apply(x);
 * }</pre>
 *
 * <p>Because the backward is written in Tensor operations, it is itself recorded when a
 * second-order gradient is asked for ({@code createGraph}), and gradients of gradients come for
 * free. A custom backward that computes its result outside Tensor operations (wrapping a raw
 * INDArray with {@link Tensor#of}) cannot be differentiated again: ndgrad detects this and fails
 * with a clear error on second-order use, rather than returning a silently wrong (zero) result.
 * Override {@link #isBackwardDifferentiable()} to declare it up front. (What ndgrad detects: a
 * gradient cut off from the graph, and a backward whose recorded Tensor ops use none of the saved
 * tensors or the output that require grad, such as {@code grad.mul(Tensor.of(rawDerivative))}. So
 * save only what backward uses, and use it in Tensor ops; a backward that mixes raw and Tensor-op
 * uses of the saved tensors cannot be told apart from a correct one.)
 *
 * <p>The forward runs with recording off and must not modify its inputs. A Function instance may
 * hold the op's parameters (an exponent, an axis) in final fields and be applied many times.
 */
public abstract class Function {

    private final String name;

    /** A function named after its class. */
    protected Function() {
        String simple = getClass().getSimpleName();
        this.name = simple.isEmpty() ? "custom op" : simple;
    }

    /** A function with the given name, used in error messages and gradient-check reports. */
    protected Function(String name) {
        this.name = checkNotNull(name, "name");
    }

    /** The op's name, as errors and reports show it. */
    public String name() {
        return name;
    }

    /**
     * Computes the output array. Save what backward needs with {@link Context#saveForBackward} or
     * {@link Context#saveOutputForBackward}.
     */
    protected abstract INDArray forward(Context ctx, Tensor... inputs);

    /**
     * Given {@code grad = ∂L/∂y} (of the output's shape), returns {@code ∂L/∂x_i} for every input,
     * in Tensor operations. An entry may be {@code null} when {@link Context#needsInputGrad} is
     * false for it. A gradient may have the broadcast shape of the output: it is summed down to the
     * input's shape by the engine.
     */
    protected abstract Tensor[] backward(Context ctx, Tensor grad);

    /**
     * Whether {@link #backward} is written in Tensor operations and may be differentiated again.
     * Custom ops that compute their gradient on raw arrays should return {@code false}; second-order
     * use then fails with an error naming the op.
     */
    protected boolean isBackwardDifferentiable() {
        return true;
    }

    /** Whether this op is one of ndgrad's own (whose backward passes are verified to be differentiable). */
    boolean isBuiltIn() {
        return false;
    }

    /** Applies the op: runs forward and, when grad mode is on and an input requires grad, records it. */
    @SuppressWarnings("try")   // the grad-mode scope acts on close
    public final Tensor apply(Tensor... inputs) {
        checkNotNull(inputs, "%s: inputs", name);
        boolean record = false;
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (x == null) {
                throw new NullPointerException(name + ": input " + i + " is null");
            }
            record |= x.requiresGrad();
        }
        Autograd.ThreadState state = Autograd.state();
        record &= state.gradEnabled;
        if (record && state.watch != null) {
            state.watch.noteInputs(inputs);
        }
        Context ctx = new Context(this, inputs, record);
        INDArray out;
        try (var scope = Autograd.setGradEnabled(false)) {
            out = forward(ctx, inputs);
        } catch (RuntimeException e) {
            throw NdgradErrors.fromBackend(name, inputs, e);
        }
        if (out == null) {
            throw new IllegalStateException(name + ": forward returned null");
        }
        Tensor.Version version = ctx.viewOf() >= 0 ? inputs[ctx.viewOf()].versionCounter() : new Tensor.Version();
        if (!record) {
            return Tensor.wrap(out, version);
        }
        Node[] next = new Node[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            next[i] = ctx.needsInputGrad(i) ? inputs[i].gradEdge() : null;
        }
        Tensor y = Tensor.fromNode(out, new Node(this, ctx, next), version);
        if (ctx.wantsOutput()) {
            ctx.setOutput(y);
        }
        return y;
    }
}
