package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * What {@link RNN} and {@link GRU} return with their final state (PyTorch's {@code (output, h_n)}).
 *
 * @param output the last layer's hidden state at every step, {@code [batch, seq, H·directions]} (batch-first)
 * @param hN     every layer's and direction's final hidden state, {@code [layers·directions, batch, H]}
 */
public record RecurrentOutput(Tensor output, Tensor hN) {}
