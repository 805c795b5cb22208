package dev.ndgrad.tests.bench;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.Updates;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
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
 * One training step of a 64→128→10 MLP (ReLU, softmax cross-entropy, Adam) on a batch of 64, in float32:
 * through ndgrad ({@code nn} + {@code optim}) and written by hand on raw ND4J arrays with the hand-derived
 * backward (the floor that ND4J's per-call cost allows). Both use the same Adam arithmetic
 * ({@link Updates#adam}), so the difference is the forward/backward. The PyTorch counterpart is
 * {@code tests/src/test/python/mlp_step_bench.py}.
 *
 * <p>Run: {@code scripts/bench MlpStep -f 1 -wi 3 -i 5} (see BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MlpStepBenchmark {

    static final int BATCH = 64;
    static final int IN = 64;
    static final int HIDDEN = 128;
    static final int CLASSES = 10;
    static final double LR = 1e-3;

    private Tensor x;
    private Tensor labels;
    private Sequential model;
    private Adam adam;

    private INDArray xa;
    private INDArray oneHot;
    private final INDArray[] params = new INDArray[4];     // w1 [H, I], b1 [H], w2 [C, H], b2 [C]
    private final INDArray[] means = new INDArray[4];
    private final INDArray[] squares = new INDArray[4];
    private long t;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        long[] classes = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            classes[i] = random.nextInt(CLASSES);
        }
        x = Tensor.randn(new Random(2), DataType.FLOAT, BATCH, IN);
        labels = Tensor.indices(classes);
        model = new Sequential(new Linear(IN, HIDDEN, true, DataType.FLOAT, 3), new ReLU(),
                new Linear(HIDDEN, CLASSES, true, DataType.FLOAT, 4));
        adam = new Adam(model.parameters(), LR);

        xa = x.data().dup();
        oneHot = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) {
            oneHot.putScalar(i, classes[i], 1.0);
        }
        List<Tensor> p = model.parameters();
        for (int i = 0; i < 4; i++) {
            params[i] = p.get(i).data().dup();
            means[i] = Nd4j.zeros(DataType.FLOAT, params[i].shape());
            squares[i] = Nd4j.zeros(DataType.FLOAT, params[i].shape());
        }
    }

    /** zeroGrad, forward, loss, backward, Adam step through ndgrad. */
    @Benchmark
    public double stepNdgrad() {
        adam.zeroGrad();
        Tensor loss = Losses.crossEntropy(model.forward(x), labels);
        loss.backward();
        adam.step();
        return loss.item();
    }

    /** Forward, loss and backward only (no optimizer step), through ndgrad. */
    @Benchmark
    public double forwardBackwardNdgrad() {
        model.zeroGrad();
        Tensor loss = Losses.crossEntropy(model.forward(x), labels);
        loss.backward();
        return loss.item();
    }

    /** The same step written by hand on ND4J arrays. */
    @Benchmark
    public double stepNd4j() {
        INDArray[] grads = new INDArray[4];
        double loss = forwardBackwardInto(grads);
        t++;
        for (int i = 0; i < 4; i++) {
            Updates.adam(Storage.wrap(params[i]), Storage.wrap(grads[i]), Storage.wrap(means[i]),
                    Storage.wrap(squares[i]), new Updates.Adam(LR, 0.9, 0.999, 1e-8, 0, false, t));
        }
        return loss;
    }

    /** Forward, loss and backward only, by hand on ND4J arrays. */
    @Benchmark
    public double forwardBackwardNd4j() {
        return forwardBackwardInto(new INDArray[4]);
    }

    /**
     * z1 = x·W1ᵀ + b1, h = relu(z1), z2 = h·W2ᵀ + b2, L = mean(−log softmax(z2)[label]);
     * dz2 = (softmax(z2) − onehot)/n, dW2 = dz2ᵀ·h, db2 = Σ dz2, dz1 = dz2·W2 ⊙ [z1 &gt; 0], dW1 = dz1ᵀ·x, db1 = Σ dz1.
     */
    private double forwardBackwardInto(INDArray[] grads) {
        INDArray z1 = Nd4j.gemm(xa, params[0], false, true).addiRowVector(params[1]);
        INDArray h = Transforms.relu(z1, true);
        INDArray z2 = Nd4j.gemm(h, params[2], false, true).addiRowVector(params[3]);
        INDArray shifted = z2.subiColumnVector(z2.max(1));
        INDArray e = Transforms.exp(shifted, true);
        INDArray sum = e.sum(1);
        double loss = Transforms.log(sum, false).sumNumber().doubleValue() / BATCH
                - shifted.mul(oneHot).sumNumber().doubleValue() / BATCH;
        INDArray dz2 = e.diviColumnVector(sum).subi(oneHot).muli(1.0 / BATCH);
        grads[2] = Nd4j.gemm(dz2, h, true, false);
        grads[3] = dz2.sum(0);
        INDArray dz1 = Nd4j.gemm(dz2, params[2], false, false).muli(z1.gt(0).castTo(DataType.FLOAT));
        grads[0] = Nd4j.gemm(dz1, xa, true, false);
        grads[1] = dz1.sum(0);
        return loss;
    }
}
