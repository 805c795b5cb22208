/**
 * The "regularization compared" example. Being written on branch {@code examples-compare} by a second examples
 * engineer (split from the {@code examples} branch to finish in time): the {@code examples} branch leaves this
 * package alone.
 */
package dev.ndgrad.examples.regularization;
