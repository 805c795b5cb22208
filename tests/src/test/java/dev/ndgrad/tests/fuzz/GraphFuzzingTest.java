package dev.ndgrad.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.PerOpTable;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.tests.JavaSources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Example;

/**
 * The fuzzer's own machinery: its ops cover the per-op table (a new op of the table fails here until the fuzzer
 * draws from it too), its graphs apply every primitive ndgrad declares, a printed graph compiles and computes what
 * was checked, and the reducer keeps only what a failure needs.
 */
class GraphFuzzingTest {

    /** Every public Tensor method of the per-op table is an op of the random graphs. */
    @Example
    void theGraphsDrawFromEveryOpOfThePerOpTable() {
        Set<String> drawn = new TreeSet<>();
        GraphOps.ALL.forEach(op -> drawn.add(op.signature()));
        Set<String> missing = new TreeSet<>(PerOpTable.coveredSignatures());
        missing.removeAll(drawn);
        assertTrue(missing.isEmpty(), () -> "ops of the per-op table that random graphs never apply (add them to "
                + "GraphOps): " + missing);
        Set<String> unknown = new TreeSet<>(drawn);
        unknown.removeAll(PerOpTable.coveredSignatures());
        assertEquals(Set.of("detach()"), unknown, "ops beyond the table (detach cuts graphs, so the fuzzer adds it)");
    }

    /** Forward, backward and double backward of graphs with every op apply every primitive ndgrad declares. */
    @Example
    void theGraphsApplyEveryPrimitive() {
        Set<String> applied = new TreeSet<>();
        for (Graph g : onePerOp(GraphOps.ALL)) {
            applied.addAll(PerOpTable.primitivesAppliedBy(() -> differentiateTwice(g)));
        }
        Set<String> missing = new TreeSet<>(PerOpTable.primitives());
        missing.removeAll(applied);
        assertTrue(missing.isEmpty(), () -> "primitives that no random graph applies: " + missing);
    }

    private static void differentiateTwice(Graph g) {
        List<Tensor> xs = g.variables();
        xs.forEach(x -> x.requiresGrad(true));
        Tensor loss = g.loss(xs);
        if (!loss.requiresGrad()) {
            return;
        }
        List<Tensor> grads = Autograd.grad(List.of(loss), xs, Autograd.Options.defaults().creatingGraph()
                .allowingUnused());
        Tensor projection = null;
        for (Tensor gr : grads) {
            Tensor term = gr.mul(gr.detach()).sum();
            projection = projection == null ? term : projection.add(term);
        }
        if (projection.requiresGrad()) {
            Autograd.grad(List.of(projection), xs, Autograd.Options.defaults().allowingUnused());
        }
    }

    /**
     * A printed graph compiles on its own, and its {@code loss} computes exactly (bit for bit) the loss of the graph
     * it was printed from: one graph per op, and random ones.
     */
    @Example
    void aPrintedGraphCompilesAndComputesExactlyTheCheckedLoss() throws Exception {
        Path classes = Files.createTempDirectory("printed-graphs");
        List<Graph> graphs = new ArrayList<>(onePerOp(GraphOps.ALL));
        graphs.addAll(randomGraphs(20, 3));
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < graphs.size(); i++) {
            sources.put("PrintedGraph" + i, JavaProgram.of(graphs.get(i).onHostPath(), "PrintedGraph" + i,
                    "graph " + i));
        }
        Map<String, Class<?>> loaded = JavaSources.compileAndLoad(sources, classes);
        for (int i = 0; i < graphs.size(); i++) {
            Graph g = graphs.get(i).onHostPath();
            Class<?> printed = loaded.get("PrintedGraph" + i);
            @SuppressWarnings("unchecked")
            List<Tensor> inputs = (List<Tensor>) printed.getDeclaredMethod("inputs").invoke(null);
            Tensor fromPrinted = (Tensor) printed.getDeclaredMethod("loss", List.class).invoke(null, inputs);
            assertEquals(g.loss(g.variables()).item(), fromPrinted.item(), 0, sources.get("PrintedGraph" + i));
        }
        PrintStream out = System.out;
        ByteArrayOutputStream printedChecks = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printedChecks, true, StandardCharsets.UTF_8));
            Method main = loaded.get("PrintedGraph0").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(out);
        }
        String report = printedChecks.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("gradient check") && report.contains("second-order gradient check"), report);
        try (var files = Files.walk(classes)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** The reducer ends at the one step a failure needs, however big the graph it starts from. */
    @Example
    void theReducerKeepsOnlyWhatTheFailureNeeds() {
        // a stand-in for a bug in softmax's gradient: a graph "fails" while gradients flow through a softmax step
        java.util.function.Predicate<Graph> fails = h -> {
            boolean[] depends = h.dependOnVariables();
            boolean[] reached = h.reachedByGradients();
            for (int id = 0; id < h.values().size(); id++) {
                if (depends[id] && reached[id] && h.value(id).isStep() && h.value(id).op().name().equals("softmax")) {
                    return true;
                }
            }
            return false;
        };
        int checked = 0;
        for (Graph g : randomGraphs(100, 11)) {
            if (g.steps() < 4 || !fails.test(g) || !g.checkable()) {
                continue;
            }
            Graph reduced = GraphReducer.reduce(g, fails);
            assertEquals(List.of("softmax"), reduced.opNames(), reduced::toString);
            assertEquals(1, reduced.sinks().size(), reduced::toString);
            assertEquals(1, reduced.variableIds().size(), reduced::toString);
            checked++;
        }
        assertTrue(checked >= 3, "too few graphs with softmax to reduce: " + checked);
    }

    /**
     * A graph for each op: the op applied to a [2, 3] leaf or fresh leaves, its planner's choices drawn until it
     * applies (with guards, when the leaf is out of the op's domain).
     */
    static List<Graph> onePerOp(List<GraphOp> ops) {
        List<Graph> out = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < ops.size(); i++) {
            Graph g = null;
            for (int attempt = 0; attempt < 200 && g == null; attempt++) {
                List<Integer> choices = new ArrayList<>();
                for (int k = 0; k < RandomGraphs.CHOICES_PER_STEP; k++) {
                    choices.add(random.nextInt(1 << 16));
                }
                Recipe r = new Recipe(List.of(new Recipe.LeafSpec(List.of(2L, 3L), false)),
                        List.of(new Recipe.StepSpec(i, choices, false)), random.nextLong(), false, false);
                Graph candidate = GraphBuilder.build(r, ops);
                String name = ops.get(i).name();
                if (candidate.opNames().contains(name)) {
                    g = candidate;
                }
            }
            assertTrue(g != null, "no graph applies " + ops.get(i));
            out.add(g);
        }
        return out;
    }

    /** {@code n} random graphs over every op, from a fixed seed. */
    static List<Graph> randomGraphs(int n, long seed) {
        var generator = RandomGraphs.graphs(GraphOps.ALL, RandomGraphs.MAX_STEPS, 4).generator(1000);
        Random random = new Random(seed);
        List<Graph> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(generator.next(random).value());
        }
        return out;
    }
}
