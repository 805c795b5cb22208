package dev.ndgrad.spark;

import dev.ndgrad.nn.Module;
import java.io.Serializable;

/**
 * How an executor builds its copy (replica) of the model: the architecture only, since every step overwrites the
 * replica's parameters and buffers with the driver's. A lambda or method reference given where a
 * {@code ModelFactory} is expected is serializable, so Spark can ship it; it must capture only serializable
 * values (numbers, strings — not the driver's model).
 *
 * <pre>{@code
 * ModelFactory mlp = () -> new Sequential(new Linear(64, 32), new ReLU(), new Linear(32, 10));
 * }</pre>
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {

    /** A new model with the architecture (parameter names and shapes) of the driver's. */
    Module create();
}
