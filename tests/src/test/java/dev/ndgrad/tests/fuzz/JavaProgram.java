package dev.ndgrad.tests.fuzz;

import dev.ndgrad.tests.fuzz.Graph.Kind;
import dev.ndgrad.tests.fuzz.Graph.Sink;
import dev.ndgrad.tests.fuzz.Graph.Value;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * A {@link Graph} as a Java program that compiles on its own against ndgrad and runs the checks that failed on it:
 * the leaves with their exact values, the graph as a function of the variables (one statement per step, the calls
 * as written in user code), and the checks. Values are named {@code x<id>} (variables), {@code c<id>} (constants),
 * {@code i<id>} (indices) and {@code t<id>} (steps).
 */
final class JavaProgram {

    private JavaProgram() {}

    /**
     * The whole program: class {@code className} with the variables ({@code inputs()}), the graph ({@code loss}) and a
     * {@code main} that prints the first- and second-order checks; {@code comment} becomes its Javadoc.
     */
    static String of(Graph g, String className, String comment) {
        List<Integer> vars = g.variableIds();
        StringBuilder s = new StringBuilder();
        s.append("import dev.ndgrad.autograd.*;\n")
                .append("import dev.ndgrad.autograd.kernel.KernelPath;\n")
                .append("import dev.ndgrad.autograd.kernel.Kernels;\n")
                .append("import java.util.List;\n")
                .append("import org.nd4j.linalg.api.buffer.DataType;\n\n")
                .append("/**\n").append(comment.replace("*/", "* /").lines().map(l -> " * " + l + "\n")
                        .collect(Collectors.joining())).append(" */\n")
                .append("public class ").append(className).append(" {\n\n")
                .append("    public static void main(String[] args) {\n");
        String check = "        System.out.println(GradCheck.check(" + className + "::loss, inputs()));\n"
                + "        System.out.println(GradCheck.checkSecondOrder(" + className + "::loss, inputs()));\n";
        if (g.nd4jPath()) {
            s.append("        try (var nd4j = KernelPath.nd4jOnly()) {   // it failed with the host kernels off\n")
                    .append(indent(check, "    ")).append("        }\n");
        } else {
            s.append(check);
        }
        s.append("    }\n\n")
                .append("    public static List<Tensor> inputs() {\n")
                .append("        return List.of(").append(vars.stream().map(id -> "\n                leaf("
                        + doubles(g.value(id).values()) + shapeArgs(g.value(id).shape()) + ").named(\"x" + id + "\")")
                        .collect(Collectors.joining(","))).append(");\n")
                .append("    }\n\n")
                .append("    public static Tensor loss(List<Tensor> in) {\n");
        for (int k = 0; k < vars.size(); k++) {
            s.append("        Tensor x").append(vars.get(k)).append(" = in.get(").append(k).append(");\n");
        }
        s.append(indent(body(g), "        "))
                .append("    }\n\n")
                .append("    static Tensor leaf(double[] values, long... shape) {\n")
                .append("        return Tensor.of(Kernels.fromDoubles(DataType.DOUBLE, values, shape));\n")
                .append("    }\n\n")
                .append("    static Tensor index(long[] values, long... shape) {\n")
                .append("        return Tensor.of(Kernels.fromLongs(values, shape));\n")
                .append("    }\n\n")
                .append("    /**\n")
                .append("     * A detached or no-grad value pinned at the value it had at the starting point: a constant to the\n")
                .append("     * engine, and to the central differences too (which would otherwise see it move with the inputs).\n")
                .append("     */\n")
                .append("    static Tensor pin(Tensor t, double[] start, long... shape) {\n")
                .append("        return t.add(leaf(start, shape).sub(t));\n")
                .append("    }\n")
                .append("}\n");
        return s.toString();
    }

    /** The statements that compute the loss from the variables {@code x<id>} (already defined), ending in a return. */
    static String body(Graph g) {
        IntFunction<String> name = id -> name(g, id);
        StringBuilder s = new StringBuilder();
        for (int id = 0; id < g.values().size(); id++) {
            Value v = g.value(id);
            String t = name.apply(id);
            switch (v.kind()) {
                case VARIABLE -> { }
                case CONSTANT -> s.append("Tensor ").append(t).append(" = leaf(").append(doubles(v.values()))
                        .append(shapeArgs(v.shape())).append(");\n");
                case INDEX -> s.append("Tensor ").append(t).append(" = index(").append(longs(v.values()))
                        .append(shapeArgs(v.shape())).append(");\n");
                case STEP -> {
                    String call = v.op().java(v.call(), name);
                    if (v.noGrad()) {
                        s.append("Tensor ").append(t).append(";\n")
                                .append("try (var noGrad = Autograd.noGrad()) {\n")
                                .append("    ").append(t).append(" = ").append(call).append(";\n")
                                .append("}\n");
                    } else {
                        s.append("Tensor ").append(t).append(" = ").append(call).append(";\n");
                    }
                    if (v.pinned()) {
                        s.append(t).append(" = pin(").append(t).append(", ").append(doubles(v.values()))
                                .append(shapeArgs(v.shape())).append(");\n");
                    }
                }
            }
        }
        // the loss adds the terms left to right, as Graph.lossOf does
        s.append("return ").append(term(g, g.sinks().get(0), name));
        for (Sink sink : g.sinks().subList(1, g.sinks().size())) {
            s.append("\n        .add(").append(term(g, sink, name)).append(")");
        }
        s.append(";\n");
        return s.toString();
    }

    private static String term(Graph g, Sink sink, IntFunction<String> name) {
        return name.apply(sink.id()) + ".mul(leaf(" + doubles(sink.weights()) + shapeArgs(g.value(sink.id()).shape())
                + ")).sum()";
    }

    static String name(Graph g, int id) {
        Kind kind = g.value(id).kind();
        String prefix = switch (kind) {
            case VARIABLE -> "x";
            case CONSTANT -> "c";
            case INDEX -> "i";
            case STEP -> "t";
        };
        return prefix + id;
    }

    private static String doubles(double[] values) {
        return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(", ", "new double[] {", "}"));
    }

    private static String longs(double[] values) {
        return Arrays.stream(values).mapToObj(v -> Long.toString((long) v))
                .collect(Collectors.joining(", ", "new long[] {", "}"));
    }

    private static String shapeArgs(long[] shape) {
        return Arrays.stream(shape).mapToObj(d -> ", " + d).collect(Collectors.joining());
    }

    private static String indent(String lines, String prefix) {
        return lines.lines().map(l -> prefix + l + "\n").collect(Collectors.joining());
    }
}
