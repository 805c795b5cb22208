package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkElementIndex;

import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Modules applied one after another: {@code forward(x) = mₙ(…m₂(m₁(x)))}. The children are named
 * {@code "0"}, {@code "1"}, … as in PyTorch, so parameters are {@code "0.weight"}, {@code "0.bias"}, ….
 * Each child is invoked through {@link Module#call}, so its forward hooks run.
 *
 * <p>The result of one child that the next child consumes is reachable by nobody but the graph when both are
 * built-in layers that keep no reference to their input (linear and activation layers, without forward hooks):
 * such a result is {@link Tensor#releaseWithGraph() released with the graph}, so that its memory serves the next
 * step's results, as PyTorch's freed buffers do.
 *
 * <p>{@link #forwardAll} chains the children's {@link Module#forwardAll}: the outputs of one are the inputs
 * of the next, so modules of several inputs and outputs compose when each one's outputs are what the next
 * takes (a child that takes one input gets exactly one).
 *
 * <pre>{@code
 * Module mlp = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
 * }</pre>
 */
public final class Sequential extends Module {

    /**
     * Built-in layers (final classes) whose forward returns a new tensor sharing no memory with its input and
     * keeps no reference to that input beyond the graph's saved tensors.
     */
    private static final Set<Class<?>> KEEPS_NO_INPUT = Set.of(Linear.class, ReLU.class, LeakyReLU.class, Tanh.class,
            Sigmoid.class, GELU.class, SiLU.class, ELU.class, Softmax.class, LogSoftmax.class);

    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /** Adds {@code module} at the end (named by its position); returns this. */
    public Sequential append(Module module) {
        layers.add(child(String.valueOf(layers.size()), module));
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            Tensor next = m.call(y);
            if (i > 0 && passesOnPrivately(layers.get(i - 1)) && passesOnPrivately(m)
                    && !next.storage().sharesMemoryWith(y.storage())) {
                y.releaseWithGraph();    // made by the child before, read only by this one
            }
            y = next;
        }
        return y;
    }

    /** Whether {@code m} keeps no reference to its input and no hook of its own sees its input or output. */
    private static boolean passesOnPrivately(Module m) {
        return KEEPS_NO_INPUT.contains(m.getClass()) && !m.hasForwardHooks();
    }

    /** {@code mₙ.forwardAll(…m₁.forwardAll(inputs))}; an error names the child whose inputs do not fit. */
    @Override
    public List<Tensor> forwardAll(List<Tensor> inputs) {
        List<Tensor> values = inputs;
        for (int i = 0; i < layers.size(); i++) {
            try {
                values = layers.get(i).callAll(values);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Sequential, module " + i + ": " + e.getMessage(), e);
            }
        }
        return values;
    }

    /** The module at {@code index}. */
    public Module get(int index) {
        checkElementIndex(index, layers.size(), "Sequential.get: index");
        return layers.get(index);
    }

    /** Number of modules. */
    public int size() {
        return layers.size();
    }
}
