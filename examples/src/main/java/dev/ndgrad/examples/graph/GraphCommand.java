package dev.ndgrad.examples.graph;

import dev.ndgrad.examples.ExampleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ndgrad graph}: see {@link GraphExample}. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"The computation graph of a small network's loss, exported to Graphviz DOT (graph.dot) and "
                + "rendered to graph.png when Graphviz's dot is installed."})
public final class GraphCommand implements Callable<Integer> {

    @Mixin
    ExampleOptions options;

    @Override
    public Integer call() {
        GraphExample.run(options.seed(), options.outputDir("graph"), System.out);
        return 0;
    }
}
