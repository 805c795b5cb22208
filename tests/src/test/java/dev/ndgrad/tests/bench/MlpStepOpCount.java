package dev.ndgrad.tests.bench;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.optim.Adam;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * A deterministic companion of {@link MlpStepBenchmark} for a noisy shared machine: counts the ND4J op
 * invocations of one ndgrad MLP training step (64→128→10, batch 64, cross-entropy, Adam) with ND4J's
 * OpProfiler, then prints a best-of-5 mean step time. Run: {@code scripts/bench-run MlpStepOpCount}.
 */
public final class MlpStepOpCount {

    private MlpStepOpCount() {}

    public static void main(String[] a) {
  long[] c = new long[64]; java.util.Random r = new java.util.Random(1); for (int i = 0; i < 64; i++) c[i] = r.nextInt(10);
  Tensor x = Tensor.randn(new Random(2), DataType.FLOAT, 64, 64); Tensor y = Tensor.indices(c);
  Sequential m = new Sequential(new Linear(64, 128, true, DataType.FLOAT, 3), new ReLU(), new Linear(128, 10, true, DataType.FLOAT, 4));
  Adam adam = new Adam(m.parameters(), 1e-3);
  Runnable step = () -> { adam.zeroGrad(); Tensor l = Losses.crossEntropy(m.forward(x), y); l.backward(); adam.step(); };
  for (int i = 0; i < 200; i++) step.run();
  Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.ALL);
  OpProfiler.getInstance().reset();
  step.run();
  System.out.println("ND4J op invocations per step: " + OpProfiler.getInstance().getInvocationsCount());
  Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
  int reps = 3000; long best = Long.MAX_VALUE;
  for (int k = 0; k < 5; k++) { long t0 = System.nanoTime(); for (int i = 0; i < reps; i++) step.run(); best = Math.min(best, System.nanoTime() - t0); }
  System.out.printf("best-of-5 mean step: %.1f us%n", best / 1e3 / reps);
}}
