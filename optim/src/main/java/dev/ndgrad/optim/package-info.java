/**
 * Optimizers, learning-rate schedules and gradient clipping.
 *
 * <ul>
 *   <li>{@link dev.ndgrad.optim.Optimizer} over {@link dev.ndgrad.optim.ParamGroup}s:
 *       {@link dev.ndgrad.optim.SGD} (plain, momentum, Nesterov), {@link dev.ndgrad.optim.RMSprop},
 *       {@link dev.ndgrad.optim.Adam}, {@link dev.ndgrad.optim.AdamW}; the arithmetic of each is a
 *       pure, fused function of the kernel layer ({@link dev.ndgrad.autograd.kernel.Updates}) with its
 *       hyperparameters in a small record.
 *   <li>{@link dev.ndgrad.optim.ExponentialMovingAverage}: {@code v_t = β·v_{t−1} + (1 − β)·θ_t}, the
 *       idea behind every optimizer's moments.
 *   <li>{@link dev.ndgrad.optim.Schedules}: learning-rate decay; {@link dev.ndgrad.optim.GradClip}.
 * </ul>
 *
 * <p>The seeds write a layer's weights as W with examples in columns; the update rules here are
 * elementwise, so they read the same for ndgrad's row-major {@code [batch, features]} layout.
 */
package dev.ndgrad.optim;
