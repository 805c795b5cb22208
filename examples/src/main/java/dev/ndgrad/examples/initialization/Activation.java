package dev.ndgrad.examples.initialization;

import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Tanh;

/** The hidden activation of the deep network: He initialisation is made for ReLU, Xavier for tanh. */
public enum Activation {
    RELU, TANH;

    Module module() {
        return this == RELU ? new ReLU() : new Tanh();
    }
}
