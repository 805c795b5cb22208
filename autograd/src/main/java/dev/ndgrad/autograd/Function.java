package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.kernel.Storage;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable operation: a forward on arrays and a backward (its vector-Jacobian product) in
 * Tensor operations. Built-in ops are Functions too (through {@link Primitive}, which computes on
 * ndgrad's kernels instead of INDArrays), so a custom op is recorded, checked and freed exactly like
 * {@code add} or {@code matmul}.
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
 * <p>The forward runs with recording off and must not modify its inputs. Its output may be a view of
 * an input (ndgrad notices, and the two then share a version counter). An output of an integer or
 * boolean dtype never requires grad; {@link Context#markOutputNonDifferentiable()} makes a floating one
 * a constant too. A Function instance may hold the op's parameters (an exponent, an axis) in final
 * fields and be applied many times.
 */
public abstract class Function {

    /** {@link #mayBeViewOf()} of a custom op: any input, found out at run time. */
    static final int ANY_INPUT = -2;

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

    /** The forward's output as a storage. */
    Storage run(Context ctx, Tensor[] inputs) {
        INDArray out = forward(ctx, inputs);
        return out == null ? null : Storage.wrap(out);
    }

    /** The input whose memory the output may share (−1: none; {@link #ANY_INPUT}: not declared). */
    int mayBeViewOf() {
        return ANY_INPUT;
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
        if (state.appliedKinds != null && isBuiltIn()) {
            state.appliedKinds.add(name);
        }
        if (record && state.watch != null) {
            state.watch.noteInputs(inputs);
        }
        Context ctx = new Context(this, inputs, record);
        Storage out;
        try (var scope = Autograd.setGradEnabled(false)) {
            out = run(ctx, inputs);
        } catch (RuntimeException e) {
            throw NdgradErrors.fromBackend(name, inputs, e);
        }
        if (out == null) {
            throw new IllegalStateException(name + ": forward returned null");
        }
        if (state.anomaly != null) {
            state.anomaly.checkForward(this, inputs, out);
        }
        int view = viewSource(inputs, out);
        Tensor.Version version;
        if (view >= 0) {
            version = inputs[view].versionCounter();
            version.shared = true;
        } else {
            version = new Tensor.Version();
        }
        boolean fresh = view < 0 && isBuiltIn();
        if (!record || !out.dtype().isFPType() || ctx.outputNonDifferentiable()) {
            return Tensor.fromOp(out, null, version, fresh);
        }
        Node[] next = new Node[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            next[i] = ctx.needsInputGrad(i) ? inputs[i].gradEdge() : null;
        }
        Node node = new Node(this, ctx, next);
        if (state.anomaly != null) {
            node.forwardTrace = state.anomaly.traceOfCaller();
        }
        Tensor y = Tensor.fromOp(out, node, version, fresh);
        if (ctx.wantsOutput()) {
            ctx.setOutput(y);
        }
        return y;
    }

    /** The input whose memory the output shares, or −1; a built-in op must have declared it. */
    private int viewSource(Tensor[] inputs, Storage out) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].storage().sharesMemoryWith(out)) {
                int declared = mayBeViewOf();
                if (declared != ANY_INPUT && declared != i) {
                    throw new IllegalStateException(name + ": its output shares memory with input " + i
                            + " but the op declares " + (declared < 0 ? "a new array" : "a view of input " + declared)
                            + " (an ndgrad bug: please report it)");
                }
                return i;
            }
        }
        return -1;
    }
}
