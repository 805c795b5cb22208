package dev.ndgrad.tests.fuzz;

import dev.ndgrad.autograd.GradCheckResult;

/**
 * A random graph that failed a gradient check. Its message reduces the graph first ({@link GraphReducer}) and prints
 * the reduced graph as a Java program that reproduces the failure; the reduction runs once, when the message is
 * first read (jqwik reads it for the sample it reports, after shrinking), not for every candidate jqwik tries.
 */
final class GraphFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient Graph graph;
    private final transient GraphCheck check;
    private final String report;
    private String message;

    GraphFailure(Graph graph, GraphCheck check, GradCheckResult result) {
        super(check + " gradient check failed");
        this.graph = graph;
        this.check = check;
        this.report = result.toString();
    }

    @Override
    public synchronized String getMessage() {
        if (message == null) {
            Graph reduced = GraphReducer.reduce(graph, g -> check.run(g).failed());
            message = "a random graph of " + graph.steps() + " steps fails the " + check + " gradient check:\n" + report
                    + "\nreduced to " + reduced.steps() + " step(s), as a program that reproduces it:\n\n"
                    + JavaProgram.of(reduced, "FailingGraph", "A random graph that fails the " + check
                            + " gradient check (found by RandomGraphProperties):\n\n" + check.run(reduced));
        }
        return message;
    }
}
