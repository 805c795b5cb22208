package dev.ndgrad.tests.fuzz;

import java.util.List;

/**
 * What a random graph is built from ({@link GraphBuilder}): the shapes of its first leaves, one entry per step
 * (which op, the choices of its planner, whether it runs with recording off), the seed of every value drawn, and
 * the kernel path, and whether values are edge values (see {@link GraphBuilder}). jqwik generates and shrinks recipes: fewer steps and leaves, smaller shapes, choices towards
 * each planner's plainest option.
 */
record Recipe(List<LeafSpec> leaves, List<StepSpec> steps, long seed, boolean nd4jPath, boolean edgeValues) {

    /** A first leaf: its shape, and whether it is a constant rather than a variable. */
    record LeafSpec(List<Long> shape, boolean constant) {}

    /** A step: the op (modulo the catalogue's size), its planner's choices, and whether recording is off. */
    record StepSpec(int op, List<Integer> choices, boolean noGrad) {}
}
