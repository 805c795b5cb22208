package dev.ndgrad.tests.bench;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.AttentionMask;
import dev.ndgrad.nn.Init;
import dev.ndgrad.nn.LSTM;
import dev.ndgrad.nn.RecurrentOptions;
import dev.ndgrad.nn.TransformerEncoderLayer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
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
 * Forward and backward, float32, of the sequence layers at the sizes of a small character model: a one-layer
 * LSTM (batch 32, {@code seq} steps, 32 inputs, 128 hidden units; the loss is the sum of the outputs) and a
 * causal transformer encoder block (batch 32, {@code seq} positions, d_model 64, 4 heads, feed-forward 128, no
 * dropout). The LSTM's cost grows with the steps (ops per step: slice and reshape of the input, two products,
 * the cell); the PyTorch counterpart is {@code tests/src/test/python/sequence_layer_bench.py}.
 *
 * <p>Run: {@code scripts/bench SequenceLayer -f 1 -wi 3 -i 5} (see BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SequenceLayerBenchmark {

    static final int BATCH = 32;

    @Param({"16", "64"})
    int seq;

    private LSTM lstm;
    private Tensor lstmInput;
    private TransformerEncoderLayer encoder;
    private Tensor encoderInput;

    @Setup
    public void setUp() {
        lstm = new LSTM(32, 128, RecurrentOptions.defaults().withDtype(DataType.FLOAT).withSeed(1));
        lstmInput = Tensor.randn(new Random(2), DataType.FLOAT, BATCH, seq, 32).requiresGrad(true);
        Init.manualSeed(3);
        encoder = new TransformerEncoderLayer(64, 4, 128, 0.0);
        encoder.to(DataType.FLOAT);
        encoderInput = Tensor.randn(new Random(4), DataType.FLOAT, BATCH, seq, 64).requiresGrad(true);
    }

    @Benchmark
    public double lstmForwardBackward() {
        return lstmStep();
    }

    @Benchmark
    public double encoderForwardBackward() {
        return encoderStep();
    }

    double lstmStep() {
        lstm.zeroGrad();
        lstmInput.zeroGrad();
        Tensor loss = lstm.forward(lstmInput).sum();
        loss.backward();
        return loss.item();
    }

    double encoderStep() {
        encoder.zeroGrad();
        encoderInput.zeroGrad();
        Tensor loss = encoder.forward(encoderInput, AttentionMask.causal()).sum();
        loss.backward();
        return loss.item();
    }
}
