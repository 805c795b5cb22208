package dev.ndgrad.optim;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What an optimizer remembers about one parameter: how many updates it has had (t, for Adam's bias
 * correction) and its named buffers (moments), each of the parameter's shape and dtype.
 *
 * <p>Created lazily, at a parameter's first update, with zero buffers (the seeds' {@code v₀ = 0}).
 */
public final class ParamState {

    private long step;
    private final Storage[] buffers;

    ParamState(long step, Storage[] buffers) {
        this.step = step;
        this.buffers = buffers;
    }

    /** t: the number of updates this parameter has had, counting the one in progress. */
    public long step() {
        return step;
    }

    void advance() {
        step++;
    }

    /**
     * This state with its buffers in {@code dtype} (this object when they already are): the state of a
     * parameter that {@code Module.to} converted in place follows it, keeping its step count and moments.
     */
    ParamState withDtype(DataType dtype) {
        if (buffers.length == 0 || buffers[0].dtype() == dtype) {
            return this;   // the buffers are created, cast and loaded together: one tells for all
        }
        Storage[] cast = new Storage[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            cast[i] = Kernels.cast(buffers[i], dtype);
        }
        return new ParamState(step, cast);
    }

    /** Buffer {@code i}, in the order of the optimizer's {@link Optimizer#bufferNames()} (updated in place). */
    public Storage buffer(int i) {
        return buffers[i];
    }
}
