package dev.ndgrad.autograd;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the per-op table ({@link OpTable}) covers, for the suites of other modules that must keep up with it (the
 * random-graph fuzzer in {@code tests/} draws from every op the table has): the public Tensor methods its rows
 * exercise, the ones it lists as not differentiable, and every primitive ndgrad declares. Packaged in autograd's
 * test jar with the table itself.
 */
public final class PerOpTable {

    private PerOpTable() {}

    /** The signatures, {@code name(ParamType,...)}, of the public Tensor methods the table's rows exercise. */
    public static Set<String> coveredSignatures() {
        return new TreeSet<>(OpTable.coveredSignatures());
    }

    /** Public Tensor methods that return a Tensor but are not differentiable ops (factories, masks, plumbing). */
    public static Set<String> notDifferentiable() {
        return new TreeSet<>(OpTable.NOT_DIFFERENTIABLE);
    }

    /** The rows' names, in table order. */
    public static List<String> rowNames() {
        return OpTable.OPS.stream().map(OpSpec::name).toList();
    }

    /** The name of every primitive op ndgrad declares (its forward and backward ops alike). */
    public static Set<String> primitives() {
        return new TreeSet<>(OpRegistry.all().keySet());
    }

    /** The names of the built-in primitives that {@code body} applies on this thread (forward and backward). */
    public static Set<String> primitivesAppliedBy(Runnable body) {
        Set<String> applied = new TreeSet<>();
        Autograd.ThreadState state = Autograd.state();
        Set<String> before = state.appliedKinds;
        state.appliedKinds = applied;
        try {
            body.run();
        } finally {
            state.appliedKinds = before;
        }
        return applied;
    }
}
