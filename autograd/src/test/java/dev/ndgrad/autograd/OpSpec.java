package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One row of the {@link OpTable}: an op, the domain of each input, the derivative order checked, its
 * layouts, the function under test, and the public {@link Tensor} methods it exercises.
 *
 * @param distinct all input values pairwise distinct (max ties are kinks)
 * @param tries how many generated cases {@link OpProperties} checks on average (the row's weight: costly
 *     rows get fewer)
 * @param eps step of the central difference
 * @param emptyLayouts layouts with a dimension of size 0, for {@link EmptyShapeProperties}: by default the row's
 *     layouts with one size set to 0 throughout ({@link ShapeGen#withEmptyDimension}); a row whose op is only ever
 *     applied by ndgrad itself to consistent inputs (a backward op) derives them from valid empty layouts instead
 */
record OpSpec(String name, List<Domain> domains, boolean distinct, int order, int tries, double eps,
        Arbitrary<Layout> layouts, Body body, Set<String> covers, Arbitrary<Layout> emptyLayouts) {

    OpSpec(String name, List<Domain> domains, boolean distinct, int order, int tries, double eps,
            Arbitrary<Layout> layouts, Body body, Set<String> covers) {
        this(name, domains, distinct, order, tries, eps, layouts, body, covers, ShapeGen.withEmptyDimension(layouts));
    }

    /** The function under test, given the inputs (DOUBLE leaves) and the layout's parameters. */
    @FunctionalInterface
    interface Body {
        Tensor apply(List<Tensor> x, Layout layout);
    }

    OpSpec withTries(int n) {
        return new OpSpec(name, domains, distinct, order, n, eps, layouts, body, covers, emptyLayouts);
    }

    OpSpec withOrder(int n) {
        return new OpSpec(name, domains, distinct, n, tries, eps, layouts, body, covers, emptyLayouts);
    }

    OpSpec withDistinctValues() {
        return new OpSpec(name, domains, true, order, tries, eps, layouts, body, covers, emptyLayouts);
    }

    OpSpec withEps(double step) {
        return new OpSpec(name, domains, distinct, order, tries, step, layouts, body, covers, emptyLayouts);
    }

    OpSpec withEmptyLayouts(Arbitrary<Layout> empty) {
        return new OpSpec(name, domains, distinct, order, tries, eps, layouts, body, covers, empty);
    }

    Domain domain(int input) {
        return domains.get(Math.min(input, domains.size() - 1));
    }

    /** Generated cases: a layout, then values for each of its shapes from the input's domain. */
    Arbitrary<OpCase> cases() {
        return layouts.flatMap(layout -> values(layout).map(values -> new OpCase(this, layout, values)));
    }

    /**
     * Generated cases on empty shapes: one of the {@link #emptyLayouts()}, with values for the inputs that are left
     * non-empty.
     */
    Arbitrary<OpCase> emptyCases() {
        return emptyLayouts.flatMap(layout -> values(layout).map(values -> new OpCase(this, layout, values)));
    }

    private Arbitrary<List<double[]>> values(Layout layout) {
        List<long[]> shapes = layout.shapes();
        if (distinct) {
            int total = shapes.stream().mapToInt(s -> Math.toIntExact(Shapes.length(s))).sum();
            return domain(0).arbitrary().list().ofSize(total).uniqueElements().map(all -> split(all, shapes));
        }
        List<Arbitrary<double[]>> each = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            int n = Math.toIntExact(Shapes.length(shapes.get(i)));
            each.add(domain(i).arbitrary().list().ofSize(n).map(OpSpec::unbox));
        }
        return Combinators.combine(each).as(List::copyOf);
    }

    private static List<double[]> split(List<Double> all, List<long[]> shapes) {
        List<double[]> out = new ArrayList<>();
        int at = 0;
        for (long[] s : shapes) {
            int n = Math.toIntExact(Shapes.length(s));
            out.add(unbox(all.subList(at, at + n)));
            at += n;
        }
        return out;
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public String toString() {
        return name;
    }

    /** One generated application of an op: its layout and input values. */
    record OpCase(OpSpec op, Layout layout, List<double[]> values) {

        /** Fresh DOUBLE leaves {@code x0, x1, …} holding the values. */
        List<Tensor> inputs() {
            return inputs(DataType.DOUBLE);
        }

        /** Fresh leaves {@code x0, x1, …} of {@code dtype} holding the values (rounded to it). */
        List<Tensor> inputs(DataType dtype) {
            List<Tensor> xs = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                long[] shape = layout.shapes().get(i);
                xs.add(Tensor.of(Nd4j.create(values.get(i), shape, 'c').castTo(dtype)).named("x" + i));
            }
            return xs;
        }

        Tensor apply(List<Tensor> xs) {
            return op.body().apply(xs, layout);
        }

        @Override
        public String toString() {
            return op.name() + " on " + layout + ", values "
                    + values.stream().map(Arrays::toString).collect(Collectors.joining(", "));
        }
    }
}
