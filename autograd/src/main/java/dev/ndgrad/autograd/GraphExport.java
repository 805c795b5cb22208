package dev.ndgrad.autograd;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded graph behind a tensor, in Graphviz DOT: one box per op, one ellipse per leaf that
 * requires grad, edges in the direction data flows (render with {@code dot -Tpng graph.dot -o graph.png}).
 */
public final class GraphExport {

    private GraphExport() {}

    /** DOT source for the graph that produced {@code output}. */
    public static String toDot(Tensor output) {
        StringBuilder dot = new StringBuilder("digraph ndgrad {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        dot.append("  output [shape=doubleoctagon, label=\"").append(escape(output.describe())).append("\"];\n");
        if (!output.requiresGrad()) {
            return dot.append("}\n").toString();
        }
        Node root = output.gradEdge();
        List<Node> nodes = Engine.topologicalPostorder(new Node[] {root});
        Map<Node, String> ids = new IdentityHashMap<>();
        for (Node node : nodes) {
            String id = "n" + ids.size();
            ids.put(node, id);
            if (node.isLeafSink()) {
                dot.append("  ").append(id).append(" [shape=ellipse, style=filled, fillcolor=\"#dbe9f6\", label=\"")
                        .append(escape(node.leaf.describe())).append("\"];\n");
            } else {
                dot.append("  ").append(id).append(" [shape=box, style=rounded, label=\"")
                        .append(escape(node.function.name())).append("\"];\n");
            }
        }
        for (Node node : nodes) {
            for (Node input : node.next) {
                if (input != null) {
                    dot.append("  ").append(ids.get(input)).append(" -> ").append(ids.get(node)).append(";\n");
                }
            }
        }
        dot.append("  ").append(ids.get(root)).append(" -> output;\n");
        return dot.append("}\n").toString();
    }

    /** The number of op nodes recorded behind {@code output} (leaves not counted). */
    public static int opCount(Tensor output) {
        if (!output.requiresGrad()) {
            return 0;
        }
        int n = 0;
        for (Node node : Engine.topologicalPostorder(new Node[] {output.gradEdge()})) {
            n += node.isLeafSink() ? 0 : 1;
        }
        return n;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
