package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Derivatives of functions rather than of tensors, built on {@link Autograd#grad}: Jacobians,
 * Hessians, and the vector products that avoid forming them. Inputs are not modified; results are
 * constants (not recorded).
 */
public final class Functional {

    private Functional() {}

    /**
     * The Jacobian {@code J[i..., j...] = ∂f(x)[i...]/∂x[j...]}, of shape {@code f(x).shape ++ x.shape}:
     * one backward per output element.
     */
    public static Tensor jacobian(java.util.function.Function<Tensor, Tensor> f, Tensor x) {
        Tensor xs = variable(x);
        Tensor y = f.apply(xs);
        return jacobianOf(y, xs);
    }

    /**
     * The Hessian {@code H[i..., j...] = ∂²f/∂x[i...]∂x[j...]} of a scalar function, of shape
     * {@code x.shape ++ x.shape}: the Jacobian of the gradient, by double backward.
     */
    public static Tensor hessian(java.util.function.Function<Tensor, Tensor> f, Tensor x) {
        Tensor xs = variable(x);
        Tensor y = f.apply(xs);
        checkArgument(y.size() == 1, "hessian: f must return one element, got %s", y.describe());
        Tensor g = Autograd.grad(List.of(y), List.of(xs), Collections.singletonList(null), true, true, true).get(0);
        return jacobianOf(g, xs);
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
        List<Tensor> grads = Autograd.grad(List.of(y), xs, Collections.singletonList(null), true, true, true);
        Tensor inner = null;
        for (int i = 0; i < xs.size(); i++) {
            checkArgument(Arrays.equals(vectors.get(i).shape(), xs.get(i).shape()),
                    "hvp: vector %s %s must have the shape of input %s", i, vectors.get(i).describe(), xs.get(i).describe());
            Tensor term = grads.get(i).mul(vectors.get(i).detach()).sum();
            inner = inner == null ? term : inner.add(term);
        }
        if (!inner.requiresGrad()) {
            return zerosLike(xs);
        }
        return constants(Autograd.grad(List.of(inner), xs, Collections.singletonList(null), false, false, true));
    }

    /** The vector-Jacobian product {@code vᵀ·∂f/∂x} (one backward), with {@code v} of f(x)'s shape. */
    public static Tensor vjp(java.util.function.Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Tensor xs = variable(x);
        Tensor y = f.apply(xs);
        if (!y.requiresGrad()) {
            return Tensor.zeros(x.dtype(), x.shape());
        }
        return Autograd.grad(List.of(y), List.of(xs), List.of(v.detach()), false, false, true).get(0).detach();
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
        Tensor g = Autograd.grad(List.of(y), List.of(xs), List.of(w), true, true, true).get(0);
        Tensor inner = g.mul(u.detach()).sum();
        if (!inner.requiresGrad()) {
            return Tensor.zeros(y.dtype(), y.shape());
        }
        return Autograd.grad(List.of(inner), List.of(w), Collections.singletonList(null), false, false, true).get(0)
                .detach();
    }

    private static Tensor jacobianOf(Tensor y, Tensor x) {
        long m = y.size();
        long n = x.size();
        INDArray rows = Nd4j.create(x.dtype(), m, n);
        INDArray seed = Nd4j.zeros(y.dtype(), m);
        for (long k = 0; k < m; k++) {
            if (!y.requiresGrad()) {
                break;
            }
            seed.putScalar(k, 1);
            Tensor oneHot = Tensor.of(seed.reshape(y.shape()).dup());
            seed.putScalar(k, 0);
            Tensor g = Autograd.grad(List.of(y), List.of(x), List.of(oneHot), true, false, true).get(0);
            rows.getRow(k).assign(g.data().reshape(n));
        }
        long[] shape = new long[y.rank() + x.rank()];
        System.arraycopy(y.shape(), 0, shape, 0, y.rank());
        System.arraycopy(x.shape(), 0, shape, y.rank(), x.rank());
        return Tensor.of(rows.reshape('c', shape));
    }

    private static Tensor variable(Tensor x) {
        checkArgument(x.dtype().isFPType(), "Functional: input %s must be floating-point", x.describe());
        return x.detach().requiresGrad(true);
    }

    private static List<Tensor> variables(List<Tensor> inputs) {
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
