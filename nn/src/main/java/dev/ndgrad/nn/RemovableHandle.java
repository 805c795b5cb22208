package dev.ndgrad.nn;

/**
 * Undoes one registration (of a {@link ForwardHook}); removing twice does nothing. Also an
 * {@link AutoCloseable}, so that {@code try (var h = module.registerForwardHook(…)) { … }} keeps a hook for one
 * block.
 */
@FunctionalInterface
public interface RemovableHandle extends AutoCloseable {

    /** Removes the registration; later calls do nothing. */
    void remove();

    /** {@link #remove()}. */
    @Override
    default void close() {
        remove();
    }
}
