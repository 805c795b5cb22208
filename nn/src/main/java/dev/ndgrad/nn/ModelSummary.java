package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model's layers with the shapes of their outputs for an example input and their parameter counts, as
 * torchinfo's {@code summary(model, input_data=…)} prints them:
 * <pre>
 * Layer (type)               Output shape     Param #
 * ===================================================
 * Sequential                 [2, 3]           --
 * ├─0 (Linear)               [2, 5]           25
 * ├─1 (ReLU)                 [2, 5]           --
 * └─2 (Linear)               [2, 3]           18
 * ===================================================
 * Total params: 43
 * Trainable params: 43
 * Non-trainable params: 0
 * </pre>
 * The example runs once through {@link Module#callAll} in evaluation mode without recording a graph (the
 * model's modes are restored afterwards, and nothing in it changes), with a {@link ForwardHook} on every
 * module: a layer is listed with its shapes when it was invoked through {@link Module#call} (containers and
 * nn's layers call their children that way; a child whose {@code forward} a custom module calls directly runs no
 * hook and shows {@code --}). Each row counts the module's own parameters; the totals count each shared
 * tensor once.
 */
public final class ModelSummary {

    /**
     * One module of the tree.
     *
     * @param name         the qualified name ({@code ""} for the model itself, {@code "0"}, {@code "fc1.0"}, …)
     * @param type         the class name
     * @param depth        0 for the model, 1 for its children, …
     * @param outputShapes the shapes of its outputs at its first invocation, empty if it was not invoked
     * @param calls        how many times it ran during the example's forward
     * @param parameters   the number of scalars in its own parameters (not its children's)
     */
    public record Row(String name, String type, int depth, List<long[]> outputShapes, int calls, long parameters) {}

    private final List<Row> rows;
    private final List<String> tree;
    private final long total;
    private final long trainable;

    private ModelSummary(List<Row> rows, List<String> tree, long total, long trainable) {
        this.rows = List.copyOf(rows);
        this.tree = List.copyOf(tree);
        this.total = total;
        this.trainable = trainable;
    }

    /** Runs {@code model} on the example {@code inputs} (one tensor for a one-input model) and summarises it. */
    public static ModelSummary of(Module model, Tensor... inputs) {
        checkNotNull(model, "ModelSummary: model is null");
        checkArgument(inputs != null && inputs.length > 0, "ModelSummary: needs an example input");
        List<Node> nodes = new ArrayList<>();
        walk(model, "", 0, "", true, nodes);
        Map<Module, Record> records = new IdentityHashMap<>();
        Map<Module, Boolean> modes = new IdentityHashMap<>();
        List<RemovableHandle> handles = new ArrayList<>();
        for (Node node : nodes) {
            if (!records.containsKey(node.module())) {
                Record record = new Record();
                records.put(node.module(), record);
                modes.put(node.module(), node.module().isTraining());
                handles.add(node.module().registerForwardHook((m, in, out) -> record.observe(out)));
            }
        }
        try (var noGrad = Autograd.noGrad()) {
            model.eval();
            model.callAll(List.of(inputs));
        } finally {
            handles.forEach(RemovableHandle::remove);
            for (Node node : nodes) {   // pre-order: a parent's train(mode) first, then each child's own mode
                node.module().train(modes.get(node.module()));
            }
        }
        List<Row> rows = new ArrayList<>();
        List<String> tree = new ArrayList<>();
        for (Node node : nodes) {
            Record record = records.get(node.module());
            rows.add(new Row(node.name(), node.module().className(), node.depth(), record.shapes, record.calls,
                    ownParameters(node.module())));
            tree.add(node.label());
        }
        long trainable = model.parameters().stream().filter(Tensor::requiresGrad).mapToLong(Tensor::size).sum();
        return new ModelSummary(rows, tree, model.parameterCount(), trainable);
    }

    private record Node(Module module, String name, int depth, String label) {}

    /** The first outputs' shapes and the number of calls of one module. */
    private static final class Record {
        List<long[]> shapes = List.of();
        int calls;

        void observe(List<Tensor> outputs) {
            if (calls++ == 0) {
                shapes = outputs.stream().map(Tensor::shape).collect(Collectors.toUnmodifiableList());
            }
        }
    }

    /** Depth-first, in registration order, with torchinfo's tree drawing in the labels. */
    private static void walk(Module module, String name, int depth, String indent, boolean last, List<Node> out) {
        String type = module.className();
        String label = depth == 0 ? type : indent + (last ? "└─" : "├─") + name.substring(name.lastIndexOf('.') + 1)
                + " (" + type + ")";
        out.add(new Node(module, name, depth, label));
        String childIndent = depth == 0 ? "" : indent + (last ? "  " : "│ ");
        List<Map.Entry<String, Module>> children = new ArrayList<>(module.namedChildren().entrySet());
        for (int i = 0; i < children.size(); i++) {
            Map.Entry<String, Module> child = children.get(i);
            String qualified = name.isEmpty() ? child.getKey() : name + "." + child.getKey();
            walk(child.getValue(), qualified, depth + 1, childIndent, i == children.size() - 1, out);
        }
    }

    private static long ownParameters(Module module) {
        return module.namedParameters().entrySet().stream().filter(e -> e.getKey().indexOf('.') < 0)
                .mapToLong(e -> e.getValue().size()).sum();
    }

    /** The modules, depth-first in registration order (the model first). */
    public List<Row> rows() {
        return rows;
    }

    /** Learnable scalars of the model, each shared tensor once. */
    public long totalParameters() {
        return total;
    }

    /** Those of {@link #totalParameters()} that require grad. */
    public long trainableParameters() {
        return trainable;
    }

    /** The table (see the class comment). */
    @Override
    public String toString() {
        List<String> shapes = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        int labelWidth = "Layer (type)".length();
        int shapeWidth = "Output shape".length();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String shape = row.outputShapes().isEmpty() ? "--"
                    : row.outputShapes().stream().map(Arrays::toString).collect(Collectors.joining(", "));
            shapes.add(row.calls() > 1 ? shape + " ×" + row.calls() : shape);
            counts.add(row.parameters() == 0 ? "--" : String.format("%,d", row.parameters()));
            labelWidth = Math.max(labelWidth, tree.get(i).length());
            shapeWidth = Math.max(shapeWidth, shapes.get(i).length());
        }
        String format = "%-" + (labelWidth + 3) + "s%-" + (shapeWidth + 3) + "s%s%n";
        StringBuilder s = new StringBuilder(String.format(format, "Layer (type)", "Output shape", "Param #"));
        String rule = "=".repeat(labelWidth + shapeWidth + 6 + "Param #".length()) + System.lineSeparator();
        s.append(rule);
        for (int i = 0; i < rows.size(); i++) {
            s.append(String.format(format, tree.get(i), shapes.get(i), counts.get(i)));
        }
        s.append(rule);
        s.append(String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n", total, trainable,
                total - trainable));
        return s.toString();
    }
}
