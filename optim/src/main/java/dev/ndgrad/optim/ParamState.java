package dev.ndgrad.optim;

import dev.ndgrad.autograd.kernel.Storage;

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

    /** Buffer {@code i}, in the order of the optimizer's {@link Optimizer#bufferNames()} (updated in place). */
    public Storage buffer(int i) {
        return buffers[i];
    }
}
