package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;

/**
 * A tensor's {@link Tensor#describe() description}, computed only when an error message is formatted: the
 * argument checks on forward paths then cost an allocation, not a string build, when they pass.
 */
record Described(Tensor tensor) {

    static Described of(Tensor tensor) {
        return new Described(tensor);
    }

    @Override
    public String toString() {
        return tensor.describe();
    }
}
