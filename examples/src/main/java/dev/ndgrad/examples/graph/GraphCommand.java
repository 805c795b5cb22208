package dev.ndgrad.examples.graph;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code ndgrad graph}: see {@link GraphExample}. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"The computation graph of a small network's loss, exported to Graphviz DOT (graph.dot) and "
                + "rendered to graph.png when Graphviz's dot is installed."})
public final class GraphCommand extends ExampleCommand {

    @Override
    protected void validate(OptionCheck check) {
        // only the shared options
    }

    @Override
    protected int run(Path out) {
        GraphExample.run(seed(), out, System.out);
        return 0;
    }
}
