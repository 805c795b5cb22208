package dev.ndgrad.spark;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.optim.Optimizer;
import java.io.Serializable;
import java.util.List;

/**
 * How an executor builds the optimizer of its replica in parameter averaging, e.g.
 * {@code params -> new Adam(params, 1e-3)}: serializable, like {@link ModelFactory}. It must build an optimizer of
 * the driver's kind over the parameters in the given order, since the optimizers' state dictionaries are averaged
 * and loaded into one another.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {

    /** A new optimizer over {@code parameters} (a replica's {@code Module.parameters()}). */
    Optimizer create(List<Tensor> parameters);
}
