package dev.ndgrad.autograd;

import java.util.Random;

/**
 * The random generator that factories and initialisers use when they are not given one: one per
 * thread, so that threads building models or drawing tensors at the same time neither share a
 * sequence nor make each other's results depend on scheduling.
 *
 * <p>A thread's generator starts unseeded (different in every run). {@link #manualSeed} re-seeds the
 * calling thread's generator, like {@code torch.manual_seed} but for this thread only: a program that
 * seeds each of its threads gets the same draws in every run, however the threads interleave. For
 * draws that must not depend on which thread runs them, pass an explicit {@link Random} instead
 * ({@link Tensor#randn(Random, org.nd4j.linalg.api.buffer.DataType, long...)}, {@code Init.heNormal(t,
 * random)}, …).
 */
public final class DefaultGenerator {

    private static final ThreadLocal<Random> GENERATOR = ThreadLocal.withInitial(Random::new);

    private DefaultGenerator() {}

    /** The calling thread's generator. */
    public static Random get() {
        return GENERATOR.get();
    }

    /** Re-seeds the calling thread's generator: the draws that follow are the same in every run. */
    public static void manualSeed(long seed) {
        GENERATOR.set(new Random(seed));
    }
}
