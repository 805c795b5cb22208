package dev.ndgrad.tests.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * jqwik's generators of random graphs: {@link Recipe}s (1 to 4 first leaves of rank 0 to 3, 1 to 10 steps) built
 * into {@link Graph}s over a catalogue of ops. jqwik shrinks the recipe, so a failing graph shrinks to fewer and
 * plainer steps on smaller leaves.
 */
final class RandomGraphs {

    private RandomGraphs() {}

    static final int MAX_STEPS = 10;
    static final int CHOICES_PER_STEP = 12;

    /**
     * Recipes of 1 to {@code maxSteps} steps, one in {@code nd4jOneIn} on the ND4J kernels, one in {@code edgeOneIn}
     * (0: none) with edge values.
     */
    static Arbitrary<Recipe> recipes(int maxSteps, int nd4jOneIn, int edgeOneIn) {
        Arbitrary<Long> dim = Arbitraries.frequency(Tuple.of(6, 1L), Tuple.of(8, 2L), Tuple.of(5, 3L), Tuple.of(2, 4L),
                Tuple.of(1, 0L));
        Arbitrary<Recipe.LeafSpec> leaf = Combinators.combine(dim.list().ofMaxSize(3),
                Arbitraries.integers().between(0, 5).map(i -> i == 5)).as(Recipe.LeafSpec::new);
        // uniform, not jqwik's default bias towards small numbers: every op and option as likely as the others
        Arbitrary<Integer> choice = Arbitraries.integers().between(0, 1 << 16)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<Recipe.StepSpec> step = Combinators.combine(choice, choice.list().ofSize(CHOICES_PER_STEP),
                Arbitraries.integers().between(0, 19).map(i -> i == 19)).as(Recipe.StepSpec::new);
        return Combinators.combine(leaf.list().ofMinSize(1).ofMaxSize(4), step.list().ofMinSize(1).ofMaxSize(maxSteps),
                Arbitraries.longs(), oneIn(nd4jOneIn), oneIn(edgeOneIn)).as(Recipe::new);
    }

    /** True one time in {@code n} (never for n = 0), false when shrunk. */
    private static Arbitrary<Boolean> oneIn(int n) {
        return n == 0 ? Arbitraries.just(false) : Arbitraries.integers().between(0, n - 1).map(i -> i == n - 1);
    }

    /** Graphs over {@code catalogue} that have a step, inside each op's domain. */
    static Arbitrary<Graph> graphs(List<GraphOp> catalogue, int maxSteps, int nd4jOneIn) {
        return graphs(catalogue, maxSteps, nd4jOneIn, 0);
    }

    /** Graphs over {@code catalogue} that have a step, one in {@code edgeOneIn} at edge values. */
    static Arbitrary<Graph> graphs(List<GraphOp> catalogue, int maxSteps, int nd4jOneIn, int edgeOneIn) {
        return recipes(maxSteps, nd4jOneIn, edgeOneIn).map(r -> GraphBuilder.build(r, catalogue))
                .filter(g -> !g.sinks().isEmpty());
    }
}
