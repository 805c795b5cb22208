package dev.ndgrad.examples.graph;

import dev.ndgrad.autograd.GraphExport;
import dev.ndgrad.autograd.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The computation graph ndgrad records, made visible: the loss of a small two-layer network
 * ({@code σ(tanh(X·W₁ + b₁)·W₂ + b₂)} under binary cross-entropy) exported to Graphviz DOT, and
 * rendered to PNG when {@code dot} is installed.
 */
public final class GraphExample {

    /** The DOT file, the PNG if {@code dot} rendered one, and the number of recorded ops. */
    public record Result(Path dotFile, Optional<Path> png, int opCount, String dot) {}

    private GraphExample() {}

    public static Result run(long seed, Path outputDir, PrintStream log) {
        Tensor loss = smallModelLoss(seed);
        String dot = GraphExport.toDot(loss);
        int ops = GraphExport.opCount(loss);
        Path dotFile = outputDir.resolve("graph.dot");
        try {
            Files.writeString(dotFile, dot, StandardCharsets.UTF_8);
            log.printf("Recorded %d ops between the parameters and the loss; wrote %s%n", ops, dotFile.toAbsolutePath());
            Optional<Path> png = Graphviz.renderPng(dotFile, outputDir.resolve("graph.png"));
            if (png.isPresent()) {
                log.println("Rendered " + png.get().toAbsolutePath());
            } else {
                log.println("Graphviz's dot is not on the PATH, so no PNG: install it (Debian/Ubuntu: "
                        + "apt-get install graphviz; macOS: brew install graphviz) and run this again, or render the "
                        + "file yourself: dot -Tpng " + dotFile + " -o graph.png");
            }
            return new Result(dotFile, png, ops, dot);
        } catch (IOException e) {
            throw new UncheckedIOException("graph: cannot write or render " + dotFile + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("graph: interrupted while rendering " + dotFile, e);
        }
    }

    /** The mean binary cross-entropy (from logits) of a 3-4-1 tanh network on a batch of 4. */
    static Tensor smallModelLoss(long seed) {
        Tensor x = Tensor.randn(new Random(seed), DataType.FLOAT, 4, 3).named("X");
        Tensor y = Tensor.uniform(new Random(seed + 1), DataType.FLOAT, 0, 1, 4, 1).gt(0.5).to(DataType.FLOAT).named("y");
        Tensor w1 = Tensor.randn(new Random(seed + 2), DataType.FLOAT, 3, 4).mul(0.5).detach().named("W1").requiresGrad(true);
        Tensor b1 = Tensor.zeros(DataType.FLOAT, 4).named("b1").requiresGrad(true);
        Tensor w2 = Tensor.randn(new Random(seed + 3), DataType.FLOAT, 4, 1).mul(0.5).detach().named("W2").requiresGrad(true);
        Tensor b2 = Tensor.zeros(DataType.FLOAT, 1).named("b2").requiresGrad(true);
        Tensor z = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
        return z.softplus().sub(y.mul(z)).mean();
    }
}
