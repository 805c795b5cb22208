package dev.ndgrad.tests.fuzz;

import dev.ndgrad.autograd.GradCheckResult;
import dev.ndgrad.tests.fuzz.Graph.Value;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Random programs of Tensor ops ({@link RandomGraphs}: every differentiable op of the per-op table, values feeding
 * many ops, broadcasting, reductions, batched products, detached and no-grad values, empty and rank-0 tensors,
 * inputs in each op's domain; a quarter on the ND4J kernels) pass the first- and the second-order gradient checks.
 * A failure shrinks (jqwik shrinks the recipe, then {@link GraphReducer} the graph) and is reported as a Java
 * program that reproduces it.
 *
 * <p>{@value #GRAPHS} graphs per run; {@code -Dndgrad.fuzz.graphs=N} checks N instead (a soak).
 */
class RandomGraphProperties {

    static final int GRAPHS = 2000;

    @Provide
    Arbitrary<Graph> graphs() {
        return RandomGraphs.graphs(GraphOps.NUMERIC, RandomGraphs.MAX_STEPS, 4).filter(Graph::checkable);
    }

    @Property(tries = GRAPHS, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(GraphCount.class)
    void randomGraphsPassFirstAndSecondOrderGradientChecks(@ForAll("graphs") Graph g) {
        collectStatistics(g);
        for (GraphCheck check : GraphCheck.values()) {
            GradCheckResult result = check.run(g);
            Statistics.label(check.toString()).collect(result.status().toString());
            if (result.failed()) {
                throw new GraphFailure(g, check, result);
            }
        }
        // a check that compared too little (kinks) is no pass: nearly all must really pass
        Statistics.label("first-order").coverage(c -> c.check("PASSED").percentage(p -> p >= 95));
        Statistics.label("second-order").coverage(c -> c.check("PASSED").percentage(p -> p >= 95));
        if (GraphCount.orDefault(GRAPHS) >= GRAPHS) {
            // a full run exercises every op and every feature, each in ten graphs at least
            Statistics.label("ops").coverage(c -> GraphOps.NUMERIC.forEach(op -> c.check(op.name()).count(n -> n >= 10)));
            Statistics.label("features").coverage(c -> FEATURES.keySet().forEach(f -> c.check(f).count(n -> n >= 10)));
        }
    }

    /** What the graphs exercise: the steps, kernels and ops, and each feature once per graph that has it. */
    private static void collectStatistics(Graph g) {
        Statistics.label("steps").collect(g.steps());
        Statistics.label("kernels").collect(g.nd4jPath() ? "ND4J" : "host");
        g.opNames().stream().distinct().forEach(op -> Statistics.label("ops").collect(op));
        FEATURES.forEach((name, present) -> {
            if (present.test(g)) {
                Statistics.label("features").collect(name);
            }
        });
    }

    /** The features the issue asks the graphs to have, each with its test. */
    private static final Map<String, Predicate<Graph>> FEATURES = new LinkedHashMap<>();

    static {
        FEATURES.put("fan-out (a value read by 2+ ops)", g -> {
            int[] reads = new int[g.values().size()];
            steps(g).forEach(v -> v.call().inputs().forEach(id -> reads[id]++));
            return Arrays.stream(reads).anyMatch(n -> n >= 2);
        });
        FEATURES.put("broadcasting (a binary op on operands of different shapes)", g -> steps(g).anyMatch(v ->
                v.op().signature().matches("\\w+\\(Tensor\\)") && v.call().inputs().size() == 2
                        && !Arrays.equals(g.value(v.call().inputs().get(0)).shape(), g.value(v.call().inputs().get(1)).shape())));
        FEATURES.put("reduction", g -> g.opNames().stream().anyMatch(n -> n.matches("(sum|mean|max|min|variance|logSumExp).*")));
        FEATURES.put("batched matmul", g -> steps(g).anyMatch(v -> v.op().signature().startsWith("matmul")
                && v.shape().length >= 3));
        FEATURES.put("detach", g -> g.opNames().contains("detach"));
        FEATURES.put("no-grad island", g -> g.values().stream().anyMatch(Value::noGrad));
        FEATURES.put("empty tensor", g -> g.values().stream().anyMatch(v -> v.size() == 0));
        FEATURES.put("rank-0 tensor", g -> g.values().stream().anyMatch(v -> v.shape().length == 0));
    }

    private static Stream<Value> steps(Graph g) {
        return g.values().stream().filter(Value::isStep);
    }
}
