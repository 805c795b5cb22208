package dev.ndgrad.tests.bench;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.GradCheckResult;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How long GradCheck's fast (directional) mode takes on a ~100k-parameter MLP in DOUBLE: 784-128-10 with ReLU and
 * softmax cross-entropy on a batch of 32 (101,770 parameters), {@code k} random directions. Prints the best of a few
 * runs and the verdict (which must be PASSED: a check that passed by comparing nothing would not count).
 *
 * <p>Run: {@code scripts/bench-run FastGradCheckBenchmark [directions]}.
 */
public final class FastGradCheckBenchmark {

    private FastGradCheckBenchmark() {}

    public static void main(String[] args) {
        int directions = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Sequential model = new Sequential(new Linear(784, 128, true, DataType.DOUBLE, 1L), new ReLU(),
                new Linear(128, 10, true, DataType.DOUBLE, 2L));
        Random random = new Random(3);
        Tensor x = Tensor.randn(random, DataType.DOUBLE, 32, 784);
        long[] classes = new long[32];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = random.nextInt(10);
        }
        Tensor y = Tensor.indices(classes);
        List<Tensor> params = model.parameters();
        GradCheck.Options options = GradCheck.Options.defaults().withDirections(directions);
        double best = Double.POSITIVE_INFINITY;
        GradCheckResult result = null;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            result = GradCheck.check(ps -> Losses.crossEntropy(model.forward(x), y), params, options);
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        System.out.printf(Locale.ROOT, "fast gradient check: %d parameters, %d directions, best %.0f ms, %s%n",
                model.parameterCount(), directions, best, result.status());
        if (!result.passed()) {
            throw new AssertionError(result.toString());
        }
    }
}
