package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;
import java.util.List;

/**
 * Code run after a module's forward, when the module is invoked through {@link Module#call} or
 * {@link Module#callAll} (PyTorch's {@code register_forward_hook}). A hook observes: it receives the inputs and
 * outputs (the lists are unmodifiable; the tensors are the very ones of the graph, so a hook must not change
 * their data) and returns nothing.
 */
@FunctionalInterface
public interface ForwardHook {

    /** Called with the module that ran, its inputs and its outputs, in order. */
    void afterForward(Module module, List<Tensor> inputs, List<Tensor> outputs);
}
