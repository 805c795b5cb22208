package dev.ndgrad.autograd;

/**
 * Undoes one {@link Tensor#registerHook registration} of a gradient hook; removing twice does nothing. Also an
 * {@link AutoCloseable}, so that {@code try (var h = x.registerHook(…)) { … }} keeps a hook for one block.
 */
@FunctionalInterface
public interface HookHandle extends AutoCloseable {

    /** Removes the hook; later calls do nothing. */
    void remove();

    /** {@link #remove()}. */
    @Override
    default void close() {
        remove();
    }
}
