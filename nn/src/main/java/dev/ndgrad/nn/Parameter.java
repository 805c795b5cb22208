package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The handle through which a {@link Module} reads one of its tensors: a learnable parameter (which
 * requires grad) or a buffer (state such as batch norm's running mean, which does not).
 *
 * <p>Layers keep the handle and call {@link #get()} in every forward, never a cached {@link Tensor}:
 * {@link Module#to(DataType)} replaces the tensor behind the handle (a tensor's data array is final, so
 * a change of dtype needs a new tensor), and a layer that had cached the old one would silently go on
 * using it. For the same reason an optimizer, which holds the tensors themselves, must be created after
 * {@code to}.
 */
public final class Parameter {

    private final String name;
    private final boolean buffer;
    private Tensor tensor;

    Parameter(String name, Tensor tensor, boolean buffer) {
        this.name = checkNotNull(name, "name");
        this.buffer = buffer;
        this.tensor = checkNotNull(tensor, "tensor");
    }

    /** The current tensor: the very object forward uses, gradients arrive on and optimizers update. */
    public Tensor get() {
        return tensor;
    }

    /** The name under which the owning module registered it (e.g. {@code "weight"}). */
    public String name() {
        return name;
    }

    /** Whether this is a buffer (saved and loaded, never trained) rather than a learnable parameter. */
    public boolean isBuffer() {
        return buffer;
    }

    /**
     * Replaces the tensor by a new leaf holding its values in {@code dtype}, keeping its name and
     * {@code requiresGrad}; the gradient is dropped. Integer buffers (counters) keep their dtype.
     */
    void convert(DataType dtype) {
        if (tensor.dtype() == dtype || !tensor.dtype().isFPType()) {
            return;
        }
        Tensor converted = Tensor.of(tensor.data().castTo(dtype)).named(tensor.name());
        if (tensor.requiresGrad()) {
            converted.requiresGrad(true);
        }
        tensor = converted;
    }

    @Override
    public String toString() {
        return (buffer ? "Buffer(" : "Parameter(") + tensor.describe() + ")";
    }
}
