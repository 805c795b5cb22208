package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Derivatives of functions rather than of tensors, built on {@link Autograd#grad} (as
 * {@code torch.autograd.functional}): Jacobians, Hessians, and the vector products that avoid forming
 * them. Inputs are not modified; results are constants (not recorded). A function that does not depend
 * on an input (or is linear in it, for second derivatives) gets zeros there, never an error.
 */
public final class Functional {

    private static final Autograd.Options KEEP_GRAPH = Autograd.Options.defaults().creatingGraph().allowingUnused();
    private static final Autograd.Options ONCE = Autograd.Options.defaults().allowingUnused();

    private Functional() {}

    /**
     * The Jacobian {@code J[i..., j...] = ∂f(x)[i...]/∂x[j...]}, of shape {@code f(x).shape ++ x.shape}:
     * one backward per output element.
     */
    public static Tensor jacobian(java.util.function.Function<Tensor, Tensor> f, Tensor x) {
        checkNotNull(f, "jacobian: f is null");
        return jacobian(in -> f.apply(in.get(0)), List.of(x)).get(0);
    }

    /**
     * The Jacobian of a function of several inputs, one block per input: block {@code k} has shape
     * {@code f(x).shape ++ x_k.shape} (as {@code torch.autograd.functional.jacobian} with a tuple of inputs).
     */
    public static List<Tensor> jacobian(java.util.function.Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        checkNotNull(f, "jacobian: f is null");
        List<Tensor> xs = variables(inputs);
        Tensor y = checkNotNull(f.apply(xs), "jacobian: f returned null");
        return jacobianOf(y, xs);
    }

    /**
     * The Hessian {@code H[i..., j...] = ∂²f/∂x[i...]∂x[j...]} of a scalar function, of shape
     * {@code x.shape ++ x.shape}: the Jacobian of the gradient, by double backward.
     */
    public static Tensor hessian(java.util.function.Function<Tensor, Tensor> f, Tensor x) {
        checkNotNull(f, "hessian: f is null");
        return hessian(in -> f.apply(in.get(0)), List.of(x)).get(0).get(0);
    }

    /**
     * The Hessian of a scalar function of several inputs, in blocks: {@code H.get(i).get(j)} has shape
     * {@code x_i.shape ++ x_j.shape} and holds {@code ∂²f/∂x_i∂x_j}.
     */
    public static List<List<Tensor>> hessian(java.util.function.Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        checkNotNull(f, "hessian: f is null");
        List<Tensor> xs = variables(inputs);
        Tensor y = checkNotNull(f.apply(xs), "hessian: f returned null");
        checkArgument(y.size() == 1, "hessian: f must return one element, got %s", y.describe());
        List<List<Tensor>> blocks = new ArrayList<>();
        List<Tensor> grads = y.requiresGrad() ? Autograd.grad(List.of(y), xs, KEEP_GRAPH) : zerosLike(xs);
        for (Tensor g : grads) {
            blocks.add(jacobianOf(g, xs));
        }
        return blocks;
    }

    /**
     * Hessian-vector products {@code (∇²f)·v} of a scalar function of several inputs, without
     * forming the Hessian: {@code ∇_x ⟨∇_x f, v⟩}, two backward passes.
     */
    public static List<Tensor> hvp(java.util.function.Function<List<Tensor>, Tensor> f, List<Tensor> inputs,
            List<Tensor> vectors) {
        checkArgument(inputs.size() == vectors.size(), "hvp: %s inputs but %s vectors", inputs.size(), vectors.size());
        List<Tensor> xs = variables(inputs);
        Tensor y = f.apply(xs);
        checkArgument(y.size() == 1, "hvp: f must return one element, got %s", y.describe());
        for (int i = 0; i < xs.size(); i++) {
            checkArgument(Arrays.equals(vectors.get(i).shape(), xs.get(i).shape()),
                    "hvp: vector %s %s must have the shape of input %s", i, vectors.get(i).describe(), xs.get(i).describe());
        }
        if (!y.requiresGrad()) {
            return zerosLike(xs);
        }
        List<Tensor> grads = Autograd.grad(List.of(y), xs, KEEP_GRAPH);
        Tensor inner = null;
        for (int i = 0; i < xs.size(); i++) {
            Tensor term = grads.get(i).mul(vectors.get(i).detach()).sum();
            inner = inner == null ? term : inner.add(term);
        }
        if (!inner.requiresGrad()) {
            return zerosLike(xs);
        }
        return constants(Autograd.grad(List.of(inner), xs, ONCE));
    }

    /** The vector-Jacobian product {@code vᵀ·∂f/∂x} (one backward), with {@code v} of f(x)'s shape. */
    public static Tensor vjp(java.util.function.Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Tensor xs = variable(x);
        Tensor y = f.apply(xs);
        if (!y.requiresGrad()) {
            return Tensor.zeros(x.dtype(), x.shape());
        }
        return Autograd.grad(List.of(y), List.of(xs), ONCE.withGradOutputs(List.of(v.detach()))).get(0).detach();
    }

    /**
     * The Jacobian-vector product {@code ∂f/∂x·u} (forward-mode result), with {@code u} of x's shape,
     * by the double-vjp trick: {@code g(w) = wᵀJ} is linear in {@code w}, and {@code ∂⟨g(w), u⟩/∂w = J·u}.
     */
    public static Tensor jvp(java.util.function.Function<Tensor, Tensor> f, Tensor x, Tensor u) {
        checkArgument(Arrays.equals(u.shape(), x.shape()), "jvp: u %s must have the shape of x %s", u.describe(),
                x.describe());
        Tensor xs = variable(x);
        Tensor y = f.apply(xs);
        if (!y.requiresGrad()) {
            return Tensor.zeros(y.dtype(), y.shape());
        }
        Tensor w = Tensor.zeros(y.dtype(), y.shape()).requiresGrad(true);
        Tensor g = Autograd.grad(List.of(y), List.of(xs), KEEP_GRAPH.withGradOutputs(List.of(w))).get(0);
        Tensor inner = g.mul(u.detach()).sum();
        if (!inner.requiresGrad()) {
            return Tensor.zeros(y.dtype(), y.shape());
        }
        return Autograd.grad(List.of(inner), List.of(w), ONCE).get(0).detach();
    }

    /** One block {@code ∂y/∂x_k} per input, each of shape {@code y.shape ++ x_k.shape}. */
    private static List<Tensor> jacobianOf(Tensor y, List<Tensor> xs) {
        int m = Math.toIntExact(y.size());
        List<double[]> rows = new ArrayList<>();
        for (Tensor x : xs) {
            rows.add(new double[Math.toIntExact(m * x.size())]);
        }
        if (y.requiresGrad()) {
            double[] seed = new double[m];
            for (int k = 0; k < m; k++) {
                seed[k] = 1;
                Tensor oneHot = Tensor.of(Kernels.fromDoubles(y.dtype(), seed, y.shape()));
                seed[k] = 0;
                List<Tensor> g = Autograd.grad(List.of(y), xs,
                        Autograd.Options.defaults().retainingGraph().allowingUnused().withGradOutputs(List.of(oneHot)));
                for (int i = 0; i < xs.size(); i++) {
                    double[] values = g.get(i).toDoubleArray();
                    System.arraycopy(values, 0, rows.get(i), k * values.length, values.length);
                }
            }
        }
        List<Tensor> blocks = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            long[] shape = new long[y.rank() + x.rank()];
            System.arraycopy(y.shape(), 0, shape, 0, y.rank());
            System.arraycopy(x.shape(), 0, shape, y.rank(), x.rank());
            blocks.add(Tensor.of(Kernels.fromDoubles(x.dtype(), rows.get(i), shape)));
        }
        return blocks;
    }

    private static Tensor variable(Tensor x) {
        checkNotNull(x, "Functional: input is null");
        checkArgument(x.dtype().isFPType(), "Functional: input %s must be floating-point", x.describe());
        return x.detach().requiresGrad(true);
    }

    private static List<Tensor> variables(List<Tensor> inputs) {
        checkNotNull(inputs, "Functional: inputs is null");
        checkArgument(!inputs.isEmpty(), "Functional: no inputs");
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : inputs) {
            out.add(variable(x));
        }
        return out;
    }

    private static List<Tensor> zerosLike(List<Tensor> xs) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : xs) {
            out.add(Tensor.zeros(x.dtype(), x.shape()));
        }
        return out;
    }

    private static List<Tensor> constants(List<Tensor> tensors) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : tensors) {
            out.add(t.detach());
        }
        return out;
    }
}
