/**
 * {@code ndgrad init}: zeros, too-large, Xavier and He initialisation of a deep network on the planar flower (loss
 * curves, activation scale per layer, decision boundaries, and the symmetry that zeros never break). See
 * {@link dev.ndgrad.examples.initialization.InitializationExample}.
 */
package dev.ndgrad.examples.initialization;
