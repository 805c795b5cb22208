package dev.ndgrad.tests.fuzz;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.GradCheckResult;

/**
 * The gradient checks a random graph must pass, each element by element on small graphs and along random
 * directions on larger ones ({@link GradCheck.Options#withDirections}), so that a graph costs about the same
 * whatever its size.
 */
enum GraphCheck {
    /** The engine's gradient of the loss against central differences of the loss. */
    FIRST_ORDER("first-order", 16, 6),
    /** The gradient of ⟨∇L, v⟩ (double backward) against central differences of the engine's gradient. */
    SECOND_ORDER("second-order", 8, 3);

    private final String title;
    private final long elementwiseUpTo;
    private final int directions;

    GraphCheck(String title, long elementwiseUpTo, int directions) {
        this.title = title;
        this.elementwiseUpTo = elementwiseUpTo;
        this.directions = directions;
    }

    GradCheckResult run(Graph g) {
        GradCheck.Options options = g.variableElements() <= elementwiseUpTo ? GradCheck.Options.defaults()
                : GradCheck.Options.defaults().withDirections(directions);
        return this == FIRST_ORDER ? GradCheck.check(g::loss, g.variables(), options)
                : GradCheck.checkSecondOrder(g::loss, g.variables(), options);
    }

    @Override
    public String toString() {
        return title;
    }
}
