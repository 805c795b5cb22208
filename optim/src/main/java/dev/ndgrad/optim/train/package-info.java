/**
 * The training loop: {@link dev.ndgrad.optim.train.Trainer#fit} runs epochs of mini-batch gradient descent on a
 * {@link dev.ndgrad.nn.Module} with an {@link dev.ndgrad.optim.Optimizer}, keeps a per-epoch
 * {@link dev.ndgrad.optim.train.History}, evaluates a dev set, stops early
 * ({@link dev.ndgrad.optim.train.EarlyStopping}), applies a learning-rate schedule, shows a progress bar, and
 * {@link dev.ndgrad.optim.train.BiasVarianceDiagnosis} reads the result the way the lecture notes' "basic recipe"
 * does.
 */
package dev.ndgrad.optim.train;
