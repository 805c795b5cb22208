package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The handle through which a {@link Module} reads one of its tensors: a learnable parameter (which
 * requires grad) or a buffer (state such as batch norm's running mean, which does not).
 *
 * <p>The tensor behind a handle is the same object for the module's whole life: {@link Module#to(DataType)}
 * converts it in place ({@link Tensor#castInPlace}) and loading copies values into it, so an optimizer built
 * before either keeps updating the very tensors forward uses, as in PyTorch. Layers still read it through
 * {@link #get()} in every forward rather than caching it, which keeps that contract in one place.
 */
public final class Parameter {

    private final String name;
    private final boolean buffer;
    private final Tensor tensor;

    Parameter(String name, Tensor tensor, boolean buffer) {
        this.name = checkNotNull(name, "name");
        this.buffer = buffer;
        this.tensor = checkNotNull(tensor, "tensor");
    }

    /** The tensor: the very object forward uses, gradients arrive on and optimizers update. */
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
     * Converts the tensor's values to {@code dtype} in place (the same object, its name and {@code requiresGrad}
     * kept; the gradient dropped). Integer buffers (counters) keep their dtype.
     */
    void convert(DataType dtype) {
        if (tensor.dtype().isFPType()) {
            tensor.castInPlace(dtype);
        }
    }

    /**
     * Copies {@code value} (of the tensor's shape) into the tensor, cast to its dtype when they differ, as
     * PyTorch's {@code copy_} does: a DOUBLE checkpoint loads into a FLOAT model rounded to float, a FLOAT one
     * into a HALF model rounded to half (values beyond ±65504 becoming ±infinity).
     */
    void copyFrom(INDArray value) {
        tensor.updateStorage(s -> Kernels.assign(s, Storage.wrap(value)));
    }

    @Override
    public String toString() {
        return (buffer ? "Buffer(" : "Parameter(") + tensor.describe() + ")";
    }
}
