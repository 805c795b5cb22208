package dev.ndgrad.tests.fuzz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing graph as far as single reductions go, beyond what jqwik's shrinking of its recipe reaches (a
 * recipe step removed there changes the values every later step draws): a step replaced by a variable holding the
 * values it computed (and whatever only it read dropped), a step made the loss's only sink (and whatever came after
 * it dropped), a sink dropped from the loss, a variable made a constant, the host kernels instead of ND4J. Each reduction keeps every remaining value as it was, so the domains
 * of the ops stay satisfied. The result is 1-minimal: no single reduction of it still fails.
 */
final class GraphReducer {

    private GraphReducer() {}

    /** The smallest graph reached from {@code g} by reductions after each of which {@code fails} still holds. */
    static Graph reduce(Graph g, Predicate<Graph> fails) {
        Graph current = g;
        boolean reduced = true;
        while (reduced) {
            reduced = false;
            for (Graph candidate : candidates(current)) {
                if (SIZE.compare(candidate, current) < 0 && stillFails(candidate, fails)) {
                    current = candidate;
                    reduced = true;
                    break;
                }
            }
        }
        return current;
    }

    private static boolean stillFails(Graph candidate, Predicate<Graph> fails) {
        try {
            return candidate.checkable() && fails.test(candidate);
        } catch (RuntimeException | AssertionError e) {
            return false;   // a different failure is not the one being reduced
        }
    }

    /** Every single reduction of {@code g}, the ones that remove most first. */
    static List<Graph> candidates(Graph g) {
        List<Graph> out = new ArrayList<>();
        for (int id = 0; id < g.values().size(); id++) {
            if (g.value(id).isStep()) {
                out.add(g.withStepAsVariable(id));
                if (g.value(id).dtype() == org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
                    out.add(g.withSinkAt(id));
                }
            }
        }
        for (int k = 0; k < g.sinks().size() && g.sinks().size() > 1; k++) {
            out.add(g.withoutSink(k));
        }
        for (int id : g.variableIds()) {
            out.add(g.withVariableAsConstant(id));
        }
        if (g.nd4jPath()) {
            out.add(g.onHostPath());
        }
        out.sort(SIZE);
        return out;
    }

    /**
     * How big a graph is: its steps, then its values, sinks, variables' elements, and ND4J before the host path. Every
     * reduction makes one of these smaller; a candidate is taken only if it is smaller, so reducing ends.
     */
    static final Comparator<Graph> SIZE = Comparator.comparingInt(Graph::steps)
            .thenComparingInt(g -> g.values().size())
            .thenComparingInt(g -> g.sinks().size())
            .thenComparingLong(Graph::variableElements)
            .thenComparing(Graph::nd4jPath);
}
