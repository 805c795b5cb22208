package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkElementIndex;

import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied one after another: {@code forward(x) = mₙ(…m₂(m₁(x)))}. The children are named
 * {@code "0"}, {@code "1"}, … as in PyTorch, so parameters are {@code "0.weight"}, {@code "0.bias"}, ….
 * Each child is invoked through {@link Module#call}, so its forward hooks run.
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
        for (Module m : layers) {
            y = m.call(y);
        }
        return y;
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
