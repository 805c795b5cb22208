package dev.ndgrad.examples.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphExampleTest {

    @Test
    void writesTheRecordedGraphAsDotAndRendersItWhenDotIsInstalled(@TempDir Path out) throws Exception {
        GraphExample.Result r = GraphExample.run(1, out, Pngs.quietLog());

        String dot = Files.readString(r.dotFile());
        assertEquals(r.dot(), dot);
        assertTrue(dot.startsWith("digraph") && dot.trim().endsWith("}"), dot);
        for (String expected : new String[] {"matmul", "tanh", "softplus", "'W1' FLOAT[3, 4]", "'b2' FLOAT[1]"}) {
            assertTrue(dot.contains(expected), () -> "the graph should show " + expected + ":\n" + dot);
        }
        assertTrue(r.opCount() >= 8, "ops recorded: " + r.opCount());
        if (Graphviz.findDot().isPresent()) {
            assertTrue(r.png().isPresent(), "dot is installed, so a PNG should have been rendered");
            Pngs.assertRealImage(r.png().get());
        } else {
            assertTrue(r.png().isEmpty(), "no dot, no PNG");
        }
    }
}
