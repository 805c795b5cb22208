package dev.ndgrad.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Npz;
import dev.ndgrad.tests.fuzz.Graph.Kind;
import dev.ndgrad.tests.fuzz.Graph.Sink;
import dev.ndgrad.tests.fuzz.Graph.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.jqwik.api.Example;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ndgrad against PyTorch (Debian's {@code python3-torch}) on random graphs ({@link RandomGraphs}, every op including
 * the round trip through FLOAT, a quarter on the ND4J kernels, a third at edge values where ops meet their kinks,
 * ties and zeros): every value, the loss, its gradient with respect to every variable and the Hessian-vector product
 * with a random vector agree to 1e−9 of their scale in DOUBLE (1e−6 where a value went through FLOAT), infinities
 * and NaNs where PyTorch has them. One allowance, for Hessian-vector products only: where PyTorch's is NaN, an
 * infinity agrees. Both mean that the second derivative does not exist there (an op with an infinite slope, such
 * as √ or x^½ at 0, feeds an op with a kink or a mask), and which of the two comes out depends on the order of the
 * 0·∞ products: PyTorch's double backward of ReLU and leaky ReLU passes an explicit zero back through the infinite
 * slope (NaN) where ndgrad's passes nothing (the infinity of the other term).
 * {@value #GRAPHS} graphs per run ({@code -Dndgrad.fuzz.torch.graphs=N} for more), all evaluated by one Python
 * process; the seed is printed with a failure ({@code -Dndgrad.fuzz.seed=S} repeats a run). Skipped, with a message,
 * where PyTorch cannot be imported.
 */
class TorchGraphDifferentialTest {

    static final int GRAPHS = 1000;
    /** One graph in three holds edge values (zeros, ties, clamp's bounds), where conventions show. */
    static final int EDGE_ONE_IN = 3;
    static final double TOLERANCE = 1e-9;
    /**
     * For a graph that passes values through FLOAT: a gradient of the FLOAT value, computed in DOUBLE by both in
     * another order, may round to neighbouring floats (one float step is 6e-8 of the value).
     */
    static final double FLOAT_TOLERANCE = 1e-6;
    private static final String PYTHON = "/usr/bin/python3";

    @Example
    void ndgradAndPyTorchAgreeOnValuesGradientsAndHessianVectorProducts() throws Exception {
        assumeTrue(canImport("torch"), "skipped: " + PYTHON + " cannot import torch (install python3-torch)");
        long seed = Long.getLong("ndgrad.fuzz.seed", new Random().nextLong());
        int count = Integer.getInteger("ndgrad.fuzz.torch.graphs", GRAPHS);
        var generator = RandomGraphs.graphs(GraphOps.ALL, RandomGraphs.MAX_STEPS, 4, EDGE_ONE_IN).generator(1000);
        Random random = new Random(seed);
        List<Graph> graphs = new ArrayList<>();
        List<List<double[]>> vectors = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Graph g = generator.next(random).value();
            graphs.add(g);
            vectors.add(g.variableIds().stream().map(id -> draws(random, g.value(id).values().length)).toList());
        }
        Path dir = Files.createTempDirectory("torch-graphs");
        Files.writeString(dir.resolve("graphs.json"), json(graphs, vectors));
        runTorch(dir);
        Map<String, INDArray> torch = Npz.read(dir.resolve("results.npz"));

        List<String> failures = new ArrayList<>();
        long compared = 0;
        for (int k = 0; k < graphs.size() && failures.size() < 3; k++) {
            List<String> differences = new ArrayList<>();
            compared += compare(graphs.get(k), vectors.get(k), "g" + k, torch, differences);
            if (!differences.isEmpty()) {
                failures.add("graph " + k + ": " + String.join("; ", differences) + "\n" + describe(graphs.get(k)));
            }
        }
        assertTrue(failures.isEmpty(), "ndgrad and PyTorch disagree (seed " + seed + ", repeat with -Dndgrad.fuzz.seed="
                + seed + "):\n\n" + String.join("\n\n", failures));
        assertTrue(compared > 10L * graphs.size(), "compared only " + compared + " arrays over " + graphs.size()
                + " graphs");
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Compares graph {@code key}'s values, loss, gradients and HVPs; adds each disagreement; returns arrays compared. */
    private static int compare(Graph g, List<double[]> vectors, String key, Map<String, INDArray> torch,
            List<String> differences) {
        INDArray error = torch.get(key + "_error");
        if (error != null) {
            String message = Arrays.stream(error.toLongVector()).mapToObj(c -> String.valueOf((char) c))
                    .collect(Collectors.joining());
            differences.add("PyTorch refused it: " + message);
            return 0;
        }
        double tolerance = g.numeric() ? TOLERANCE : FLOAT_TOLERANCE;
        List<Tensor> xs = g.variables();
        xs.forEach(x -> x.requiresGrad(true));
        Tensor[] values = g.evaluate(xs);
        Tensor loss = g.lossOf(values);
        int compared = 0;
        for (int id = 0; id < values.length; id++) {
            if (g.value(id).isStep()) {
                compared += same("value of " + JavaProgram.name(g, id), values[id], torch.get(key + "_v" + id),
                        tolerance, false, differences);
            }
        }
        compared += same("loss", loss, torch.get(key + "_loss"), tolerance, false, differences);
        if (xs.isEmpty()) {
            return compared;
        }
        List<Tensor> grads = loss.requiresGrad() ? Autograd.grad(List.of(loss), xs, Autograd.Options.defaults()
                .creatingGraph().allowingUnused()) : xs.stream().map(x -> Tensor.zeros(x.dtype(), x.shape())).toList();
        Tensor dot = null;
        for (int j = 0; j < xs.size(); j++) {
            compared += same("gradient of x" + g.variableIds().get(j), grads.get(j), torch.get(key + "_grad" + j),
                    tolerance, false, differences);
            Tensor term = grads.get(j).mul(Graph.constant(vectors.get(j), xs.get(j).shape())).sum();
            dot = dot == null ? term : dot.add(term);
        }
        List<Tensor> hvps = dot.requiresGrad() ? Autograd.grad(List.of(dot), xs, Autograd.Options.defaults()
                .allowingUnused()) : xs.stream().map(x -> Tensor.zeros(x.dtype(), x.shape())).toList();
        for (int j = 0; j < xs.size(); j++) {
            compared += same("Hessian-vector product of x" + g.variableIds().get(j), hvps.get(j),
                    torch.get(key + "_hvp" + j), tolerance, true, differences);
        }
        return compared;
    }

    /**
     * Whether ndgrad's {@code actual} agrees with PyTorch's {@code expected} to {@code tolerance} of its scale; with
     * {@code undefined}, an infinity agrees with PyTorch's NaN (see the class comment).
     */
    private static int same(String what, Tensor actual, INDArray expected, double tolerance, boolean undefined,
            List<String> differences) {
        if (expected == null) {
            differences.add(what + ": PyTorch gave none");
            return 0;
        }
        long[] shape = expected.shape();
        if (!Arrays.equals(actual.shape(), shape)) {
            differences.add(what + ": shape " + Arrays.toString(actual.shape()) + ", PyTorch's " + Arrays.toString(shape));
            return 1;
        }
        double[] a = actual.toDoubleArray();
        double[] e = expected.length() == 0 ? new double[0] : expected.dup('c').castTo(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        double scale = 1;
        for (double v : e) {
            if (Double.isFinite(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < a.length; i++) {
            boolean agree = Double.isFinite(e[i]) ? Math.abs(a[i] - e[i]) <= tolerance * scale
                    : Double.compare(a[i], e[i]) == 0      // the same infinity, or both NaN
                            || (undefined && Double.isNaN(e[i]) && Double.isInfinite(a[i]));
            if (!agree) {
                differences.add(String.format("%s: element %d is %s, PyTorch's %s (difference %.2e, scale %.2e)", what,
                        i, a[i], e[i], Math.abs(a[i] - e[i]), scale));
                break;
            }
        }
        return 1;
    }

    private static String describe(Graph g) {
        StringBuilder s = new StringBuilder(JavaProgram.of(g, "Disagreement", "A random graph on which ndgrad and "
                + "PyTorch disagree" + (g.edgeValues() ? " (at edge values)" : ""))).append("\nPyTorch:\n");
        for (int id = 0; id < g.values().size(); id++) {
            Value v = g.value(id);
            if (v.isStep()) {
                s.append("v").append(id).append(" = ").append(v.op().torch(v.call(), i -> "v" + i))
                        .append(v.noGrad() ? "   # under torch.no_grad()" : "").append('\n');
            }
        }
        return s.toString();
    }

    private static double[] draws(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round((-1 + 2 * random.nextDouble()) * 100) / 100.0;
        }
        return v;
    }

    // ------------------------------------------------------------------ the graphs as JSON, for torch_graphs.py

    static String json(List<Graph> graphs, List<List<double[]>> vectors) {
        StringBuilder s = new StringBuilder("{\"graphs\": [\n");
        for (int k = 0; k < graphs.size(); k++) {
            s.append(k == 0 ? "" : ",\n").append(json(graphs.get(k), vectors.get(k)));
        }
        return s.append("\n]}\n").toString();
    }

    private static String json(Graph g, List<double[]> vectors) {
        List<String> values = new ArrayList<>();
        for (Value v : g.values()) {
            if (v.kind() == Kind.STEP) {
                int self = values.size();
                values.add("{\"kind\": \"step\", \"expr\": \"" + v.op().torch(v.call(), i -> "v" + i)
                        .replace("\\", "\\\\").replace("\"", "\\\"") + "\", \"no_grad\": " + v.noGrad() + "}");
                assert self >= 0;
            } else {
                values.add("{\"kind\": \"" + v.kind().name().toLowerCase() + "\", \"shape\": " + array(v.shape())
                        + ", \"values\": " + (v.kind() == Kind.INDEX ? longs(v.values()) : array(v.values())) + "}");
            }
        }
        List<String> sinks = new ArrayList<>();
        for (Sink sink : g.sinks()) {
            sinks.add("{\"id\": " + sink.id() + ", \"weights\": " + array(sink.weights()) + "}");
        }
        return "{\"values\": [" + String.join(", ", values) + "], \"sinks\": [" + String.join(", ", sinks)
                + "], \"vectors\": [" + vectors.stream().map(TorchGraphDifferentialTest::array)
                        .collect(Collectors.joining(", ")) + "]}";
    }

    private static String array(double[] v) {
        return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String array(long[] v) {
        return Arrays.toString(v);
    }

    private static String longs(double[] v) {
        return Arrays.stream(v).mapToObj(x -> Long.toString((long) x)).collect(Collectors.joining(", ", "[", "]"));
    }

    // ------------------------------------------------------------------ Python

    private static boolean canImport(String module) {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void runTorch(Path dir) throws IOException, InterruptedException {
        Path script = dir.resolve("torch_graphs.py");
        try (InputStream in = TorchGraphDifferentialTest.class.getResourceAsStream("/torch_graphs.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder(PYTHON, script.toString(), dir.resolve("graphs.json").toString(),
                dir.resolve("results.npz").toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(600, TimeUnit.SECONDS);
        assertTrue(done && p.exitValue() == 0, () -> "torch_graphs.py failed:\n" + output);
    }
}
