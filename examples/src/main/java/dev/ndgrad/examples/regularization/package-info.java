/**
 * {@code ndgrad regularization}: no regularization, L2, dropout and early stopping on a big network that overfits
 * noisy two-moons data (train vs dev curves, final accuracies, the bias/variance diagnosis, decision boundaries).
 * See {@link dev.ndgrad.examples.regularization.RegularizationExample}.
 */
package dev.ndgrad.examples.regularization;
