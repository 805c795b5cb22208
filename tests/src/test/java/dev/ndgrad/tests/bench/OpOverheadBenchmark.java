package dev.ndgrad.tests.bench;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The framework's own cost per op: the same array operation called on ND4J directly, through a
 * Tensor with recording off, and through a Tensor that records a graph node. The differences are
 * ndgrad's bookkeeping (a Context, a Node, a Tensor, the grad-mode lookups).
 *
 * <p>Run: {@code scripts/bench OpOverhead} (see BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OpOverheadBenchmark {

    @Param({"4", "64"})
    public int n;

    private INDArray a;
    private INDArray b;
    private Tensor constantA;
    private Tensor constantB;
    private Tensor variableA;
    private Tensor variableB;

    @Setup
    public void setUp() {
        a = Nd4j.rand(DataType.FLOAT, n, n);
        b = Nd4j.rand(DataType.FLOAT, n, n);
        constantA = Tensor.of(a);
        constantB = Tensor.of(b);
        variableA = Tensor.of(a.dup()).requiresGrad(true);
        variableB = Tensor.of(b.dup()).requiresGrad(true);
    }

    @Benchmark
    public INDArray addNd4j() {
        return a.add(b);
    }

    @Benchmark
    public Tensor addTensor() {
        return constantA.add(constantB);
    }

    @Benchmark
    public Tensor addTensorRecording() {
        return variableA.add(variableB);
    }

    @Benchmark
    public INDArray tanhNd4j() {
        return Transforms.tanh(a, true);
    }

    @Benchmark
    public Tensor tanhTensorRecording() {
        return variableA.tanh();
    }

    @Benchmark
    public INDArray matmulNd4j() {
        return Nd4j.gemm(a, b, false, true);
    }

    @Benchmark
    public Tensor matmulTensorRecording() {
        return variableA.matmul(variableB, false, true);
    }

    /** Forward and backward of {@code sum(tanh(a·bᵀ) + a)}: four ops forward, their VJPs backward. */
    @Benchmark
    public Tensor forwardBackward() {
        variableA.zeroGrad();
        variableB.zeroGrad();
        Tensor loss = variableA.matmul(variableB, false, true).tanh().add(variableA).sum();
        loss.backward();
        return variableA.grad();
    }

    /** The same arithmetic written directly on ND4J arrays, with the hand-derived backward. */
    @Benchmark
    public INDArray forwardBackwardNd4j() {
        INDArray z = Nd4j.gemm(a, b, false, true);
        INDArray y = Transforms.tanh(z, true);
        INDArray s = y.add(a);
        s.sumNumber();
        INDArray dz = Transforms.pow(y, 2, true).rsubi(1);    // g = 1: dZ = 1 − y²
        INDArray da = Nd4j.gemm(dz, b, false, false).addi(1.0);
        INDArray db = Nd4j.gemm(dz, a, true, false);
        return da.addi(db.sumNumber().doubleValue() * 0);
    }

    /** Grad mode lookups alone, to show they are not the cost. */
    @Benchmark
    public boolean gradModeLookup() {
        try (var scope = Autograd.noGrad()) {
            return Autograd.isGradEnabled();
        }
    }
}
