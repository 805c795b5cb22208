/**
 * {@code ndgrad optimizers}: gradient descent, momentum, RMSprop and Adam on the seeds' elongated bowl (steps to a
 * loss threshold, paths over the contours) and on the hand-written digits (loss and dev accuracy per epoch). See
 * {@link dev.ndgrad.examples.optimizers.OptimizersExample}.
 */
package dev.ndgrad.examples.optimizers;
