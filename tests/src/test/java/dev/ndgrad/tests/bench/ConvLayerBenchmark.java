package dev.ndgrad.tests.bench;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.Window2d;
import dev.ndgrad.nn.BatchNorm2d;
import dev.ndgrad.nn.Conv2d;
import dev.ndgrad.nn.Flatten;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.MaxPool2d;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward and backward, float32, of the layers of a small Fashion-MNIST CNN at batch 64: the first convolution
 * (1 → 32 channels, 3×3, padding 1, on 28×28), the second (32 → 64, 3×3, padding 1, on 14×14), 2×2 max pooling of
 * the first one's output and batch norm over it (the loss: the sum of the outputs, so the backward starts from
 * ones); and the whole network (those two convolutions, each followed by ReLU and 2×2 max pooling, then
 * 3136 → 128 → 10 with ReLU, cross-entropy), the cost of one training step without the optimizer. The PyTorch
 * counterpart is {@code tests/src/test/python/conv_layer_bench.py}.
 *
 * <p>Run: {@code scripts/bench ConvLayer -f 1 -wi 3 -i 5} (see BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConvLayerBenchmark {

    static final int BATCH = 64;
    private static final DataType F = DataType.FLOAT;

    private Conv2d conv1;
    private Conv2d conv2;
    private MaxPool2d pool;
    private BatchNorm2d norm;
    private Tensor images;
    private Tensor maps;
    private Tensor features;
    private Sequential cnn;
    private Tensor labels;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        conv1 = new Conv2d(1, 32, Window2d.of(3).withPadding(1), 1, true, F, random);
        conv2 = new Conv2d(32, 64, Window2d.of(3).withPadding(1), 1, true, F, random);
        pool = new MaxPool2d(2);
        norm = new BatchNorm2d(32, 1e-5, 0.1, true, true, F);
        images = Tensor.randn(random, F, BATCH, 1, 28, 28).requiresGrad(true);
        maps = Tensor.randn(random, F, BATCH, 32, 14, 14).requiresGrad(true);
        features = Tensor.randn(random, F, BATCH, 32, 28, 28).requiresGrad(true);
        cnn = new Sequential(new Conv2d(1, 32, Window2d.of(3).withPadding(1), 1, true, F, random), new ReLU(),
                new MaxPool2d(2), new Conv2d(32, 64, Window2d.of(3).withPadding(1), 1, true, F, random), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(64 * 7 * 7, 128, true, F, random), new ReLU(),
                new Linear(128, 10, true, F, random));
        labels = Tensor.indices(random.longs(BATCH, 0, 10).toArray());
    }

    @Benchmark
    public double cnnForwardBackward() {
        cnn.zeroGrad();
        Tensor loss = Losses.crossEntropy(cnn.forward(images.detach()), labels);
        loss.backward();
        return loss.item();
    }

    @Benchmark
    public double conv1ForwardBackward() {
        conv1.zeroGrad();
        images.zeroGrad();
        return step(conv1.forward(images));
    }

    @Benchmark
    public double conv2ForwardBackward() {
        conv2.zeroGrad();
        maps.zeroGrad();
        return step(conv2.forward(maps));
    }

    @Benchmark
    public double maxPoolForwardBackward() {
        features.zeroGrad();
        return step(pool.forward(features));
    }

    @Benchmark
    public double batchNormForwardBackward() {
        norm.zeroGrad();
        features.zeroGrad();
        return step(norm.forward(features));
    }

    private static double step(Tensor y) {
        Tensor loss = y.sum();
        loss.backward();
        return loss.item();
    }
}
