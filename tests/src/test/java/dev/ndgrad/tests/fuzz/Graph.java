package dev.ndgrad.tests.fuzz;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.KernelPath;
import dev.ndgrad.autograd.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A random program of Tensor ops with its values fixed: leaves (the variables a check differentiates, constants,
 * integer indices), steps (each one call of a Tensor method on earlier values), and the loss
 * {@code L = Σ_k Σ (t_k ⊙ w_k)} over its sinks {@code t_k} with fixed weights {@code w_k}, which exercises every
 * element of every sink. Immutable.
 *
 * <p>A step run with recording off, or a {@code detach()}, gives a constant that still depends on the variables.
 * A gradient check moves the variables and sees that dependence while the engine, rightly, does not; so such a
 * value is <em>pinned</em>: {@code t + (t₀ − t)}, which is the value {@code t₀} it had at the starting point, a
 * constant to both. At the starting point the pin changes nothing (PyTorch runs the graph without it).
 */
final class Graph {

    enum Kind { VARIABLE, CONSTANT, INDEX, STEP }

    /**
     * One value: a leaf, or the result of {@code op} applied as {@code call} (recording off if {@code noGrad}), with
     * its values at the starting point.
     */
    record Value(Kind kind, long[] shape, DataType dtype, double[] values, GraphOp op, Call call, boolean noGrad) {

        boolean isStep() {
            return kind == Kind.STEP;
        }

        /** A step whose result is a constant that depends on the variables (see the class comment). */
        boolean pinned() {
            return isStep() && (noGrad || op.signature().equals("detach()"));
        }

        long size() {
            return values.length;
        }
    }

    /** A term of the loss: value {@code id} weighted elementwise by {@code weights}. */
    record Sink(int id, double[] weights) {}

    private final List<Value> values;
    private final List<Sink> sinks;
    private final boolean nd4jPath;
    private final boolean edgeValues;

    Graph(List<Value> values, List<Sink> sinks, boolean nd4jPath, boolean edgeValues) {
        this.values = List.copyOf(values);
        this.sinks = List.copyOf(sinks);
        this.nd4jPath = nd4jPath;
        this.edgeValues = edgeValues;
    }

    /** Whether the graph was built with edge values: ties, zeros and kinks on purpose (see {@link GraphBuilder}). */
    boolean edgeValues() {
        return edgeValues;
    }

    List<Value> values() {
        return values;
    }

    Value value(int id) {
        return values.get(id);
    }

    List<Sink> sinks() {
        return sinks;
    }

    /** Whether the graph runs with the host kernels turned off (everything on ND4J). */
    boolean nd4jPath() {
        return nd4jPath;
    }

    /** The ids of the variables, in order. */
    List<Integer> variableIds() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).kind() == Kind.VARIABLE) {
                ids.add(i);
            }
        }
        return ids;
    }

    /** New DOUBLE leaves holding the variables' values, named {@code x<id>}. */
    List<Tensor> variables() {
        List<Tensor> out = new ArrayList<>();
        for (int id : variableIds()) {
            Value v = values.get(id);
            out.add(Tensor.of(Kernels.fromDoubles(DataType.DOUBLE, v.values(), v.shape())).named("x" + id));
        }
        return out;
    }

    int steps() {
        return (int) values.stream().filter(Value::isStep).count();
    }

    /** The number of elements of the variables. */
    long variableElements() {
        return variableIds().stream().mapToLong(id -> values.get(id).size()).sum();
    }

    /** Whether every op is one that central differences can follow (no round trip through FLOAT). */
    boolean numeric() {
        return values.stream().filter(Value::isStep).allMatch(v -> v.op().numeric());
    }

    /**
     * Whether a gradient check has something to compare: a variable with elements, and a sink that depends on a
     * variable through recorded steps (pinned values depend on none).
     */
    boolean checkable() {
        boolean[] depends = dependOnVariables();
        return variableElements() > 0 && sinks.stream().anyMatch(s -> depends[s.id()]);
    }

    /** For each value, whether the engine sees it depend on a variable (through recorded, unpinned steps). */
    boolean[] dependOnVariables() {
        boolean[] depends = new boolean[values.size()];
        for (int i = 0; i < depends.length; i++) {
            Value v = values.get(i);
            depends[i] = v.kind() == Kind.VARIABLE
                    || (v.isStep() && !v.pinned() && v.call().inputs().stream().anyMatch(id -> depends[id]));
        }
        return depends;
    }

    /** For each value, whether a gradient of the loss reaches it (a sink, or an input of an unpinned step that does). */
    boolean[] reachedByGradients() {
        boolean[] reached = new boolean[values.size()];
        sinks.forEach(s -> reached[s.id()] = true);
        for (int i = values.size() - 1; i >= 0; i--) {
            Value v = values.get(i);
            if (reached[i] && v.isStep() && !v.pinned()) {
                v.call().inputs().forEach(id -> reached[id] = true);
            }
        }
        return reached;
    }

    /** The ops the steps apply, by name. */
    List<String> opNames() {
        return values.stream().filter(Value::isStep).map(v -> v.op().name()).toList();
    }

    /** The loss for these variables (in the order of {@link #variableIds()}). */
    Tensor loss(List<Tensor> variables) {
        return lossOf(evaluate(variables));
    }

    /** Every value of the graph for these variables. */
    @SuppressWarnings("try")   // the path and grad-mode scopes act on close
    Tensor[] evaluate(List<Tensor> variables) {
        try (var path = nd4jPath ? KernelPath.nd4jOnly() : null) {
            Tensor[] t = new Tensor[values.size()];
            Iterator<Tensor> vars = variables.iterator();
            for (int i = 0; i < t.length; i++) {
                Value v = values.get(i);
                switch (v.kind()) {
                    case VARIABLE -> t[i] = vars.next();
                    case CONSTANT -> t[i] = constant(v.values(), v.shape());
                    case INDEX -> t[i] = index(v.values(), v.shape());
                    case STEP -> {
                        Tensor out;
                        try (var mode = v.noGrad() ? Autograd.noGrad() : null) {
                            out = v.op().apply(v.call(), id -> t[id]);
                        }
                        t[i] = v.pinned() ? out.add(constant(v.values(), v.shape()).sub(out)) : out;
                    }
                }
            }
            return t;
        }
    }

    @SuppressWarnings("try")
    Tensor lossOf(Tensor[] t) {
        try (var path = nd4jPath ? KernelPath.nd4jOnly() : null) {
            Tensor loss = null;
            for (Sink s : sinks) {
                Tensor term = t[s.id()].mul(constant(s.weights(), values.get(s.id()).shape())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            return loss;
        }
    }

    static Tensor constant(double[] values, long[] shape) {
        return Tensor.of(Kernels.fromDoubles(DataType.DOUBLE, values, shape));
    }

    static Tensor index(double[] values, long[] shape) {
        return Tensor.of(Kernels.fromLongs(Arrays.stream(values).mapToLong(v -> (long) v).toArray(), shape));
    }

    // ------------------------------------------------------------------ smaller graphs, for the reducer

    /** The graph with step {@code id} replaced by a variable holding its values (what led to it may then go). */
    Graph withStepAsVariable(int id) {
        List<Value> out = new ArrayList<>(values);
        Value v = values.get(id);
        out.set(id, new Value(Kind.VARIABLE, v.shape(), v.dtype(), v.values(), null, null, false));
        return new Graph(out, sinks, nd4jPath, edgeValues).pruned();
    }

    /**
     * The graph whose loss is value {@code id} alone, weighted by fixed pseudo-random values in [−1, 1] (the steps
     * after it, and what only they needed, dropped).
     */
    Graph withSinkAt(int id) {
        java.util.Random random = new java.util.Random(id);
        double[] w = new double[(int) values.get(id).size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.round((-1 + 2 * random.nextDouble()) * 100) / 100.0;
        }
        return new Graph(values, List.of(new Sink(id, w)), nd4jPath, edgeValues).pruned();
    }

    /** The graph without sink {@code k} in its loss (and what only it needed). */
    Graph withoutSink(int k) {
        List<Sink> out = new ArrayList<>(sinks);
        out.remove(k);
        return new Graph(values, out, nd4jPath, edgeValues).pruned();
    }

    /** The graph with variable {@code id} made a constant. */
    Graph withVariableAsConstant(int id) {
        List<Value> out = new ArrayList<>(values);
        Value v = values.get(id);
        out.set(id, new Value(Kind.CONSTANT, v.shape(), v.dtype(), v.values(), null, null, false));
        return new Graph(out, sinks, nd4jPath, edgeValues);
    }

    /** The graph on the host kernels. */
    Graph onHostPath() {
        return new Graph(values, sinks, false, edgeValues);
    }

    /** Only the values the loss reads, directly or not, renumbered in order. */
    Graph pruned() {
        BitSet used = new BitSet(values.size());
        sinks.forEach(s -> used.set(s.id()));
        for (int i = values.size() - 1; i >= 0; i--) {
            if (used.get(i) && values.get(i).isStep()) {
                values.get(i).call().inputs().forEach(used::set);
            }
        }
        int[] renumber = new int[values.size()];
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (used.get(i)) {
                renumber[i] = out.size();
                Value v = values.get(i);
                out.add(v.isStep() ? new Value(v.kind(), v.shape(), v.dtype(), v.values(), v.op(),
                        v.call().renumbered(id -> renumber[id]), v.noGrad()) : v);
            }
        }
        List<Sink> outSinks = sinks.stream().map(s -> new Sink(renumber[s.id()], s.weights())).toList();
        return new Graph(out, outSinks, nd4jPath, edgeValues);
    }

    @Override
    public String toString() {
        return JavaProgram.body(this);
    }
}
