package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ndgrad against PyTorch (Debian's {@code python3-torch}), in DOUBLE: the same MLP weights (moved across as
 * an {@code .npz} state dict with PyTorch's names) and the same batch must give the same loss, gradients
 * and batch-norm statistics to 1e−6; and each loss must agree with its {@code torch.nn.functional} twin,
 * value and gradient. Skipped, with a message, where PyTorch cannot be imported.
 */
class TorchDifferentialTest {

    private static final double TOLERANCE = 1e-6;
    private static final DataType D = DataType.DOUBLE;

    @TempDir
    Path dir;

    @Test
    void sameWeightsAndBatchGiveTheSameLossGradientsAndStatistics() throws Exception {
        PythonScripts.assumeModule("torch", "apt-get install -y python3-torch");
        Sequential model = new Sequential(new Linear(5, 7, true, D, 1L), new BatchNorm1d(7, 1e-5, 0.1, D), new ReLU(),
                new Linear(7, 6, true, D, 2L), new Tanh(), new Linear(6, 4, true, D, 3L));
        Init.normal(model.get(1).parameters().get(0), 1, 0.3, new java.util.Random(4));   // non-trivial γ
        Init.normal(model.get(1).parameters().get(1), 0.3, new java.util.Random(5));      // and β
        int batch = 8;
        double lambda = 0.1;
        Tensor x = Tensor.randn(new Random(6), D, batch, 5);
        Tensor y = Fixtures.classes(7, batch, 4);
        Tensor z = Tensor.randn(new Random(8), D, batch, 4).mul(2.0).detach();
        Tensor t = Tensor.randn(new Random(9), D, batch, 4);
        Tensor yb = Tensor.uniform(new Random(10), D, 0, 1, batch, 4).gt(0.5);
        Tensor probs = Tensor.randn(new Random(11), D, batch, 4).softmax(1);
        Tensor classes = Fixtures.classes(12, batch, 4);

        write("model.npz", model.stateDict());
        Map<String, INDArray> data = new LinkedHashMap<>();
        data.put("x", x.data());
        data.put("y", y.data());
        data.put("lambda", Nd4j.scalar(D, lambda));
        data.put("z", z.data());
        data.put("t", t.data());
        data.put("yb", yb.data());
        data.put("probs", probs.data());
        data.put("classes", classes.data());
        write("data.npz", data);
        PythonScripts.run("torch_reference.py", dir, dir.toString());
        Map<String, INDArray> torch = Npz.read(dir.resolve("torch.npz"));

        Tensor loss = Losses.crossEntropy(model.forward(x), y).add(Regularization.l2(model, lambda, batch));
        loss.backward();
        assertClose(torch.get("loss"), loss.data(), "loss");
        model.namedParameters().forEach((name, p) -> assertClose(torch.get("grad." + name), p.grad().data(),
                "gradient of " + name));
        model.namedBuffers().forEach((name, b) -> assertClose(torch.get("buffer." + name), b.data(), name));
        assertEquals(8, model.namedParameters().size());

        Map<String, Function<Tensor, Tensor>> losses = new LinkedHashMap<>();
        losses.put("mse", v -> Losses.mse(v, t));
        losses.put("bce", v -> Losses.binaryCrossEntropy(v.sigmoid(), yb));
        losses.put("bce_logits", v -> Losses.binaryCrossEntropyWithLogits(v, yb));
        losses.put("ce", v -> Losses.crossEntropy(v, classes));
        losses.put("ce_sum", v -> Losses.crossEntropy(v, classes, Reduction.SUM));
        losses.put("ce_probs", v -> Losses.crossEntropyWithProbabilities(v, probs));
        losses.put("nll", v -> Losses.nll(new LogSoftmax(1).forward(v), classes));
        losses.forEach((name, f) -> {
            Tensor v = z.copy().requiresGrad(true);
            Tensor value = f.apply(v);
            value.backward();
            assertClose(torch.get("loss." + name), value.data(), "loss " + name);
            assertClose(torch.get("dz." + name), v.grad().data(), "gradient of loss " + name);
        });
    }

    private void write(String name, Map<String, INDArray> arrays) throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            Npz.write(out, arrays);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertTrue(expected != null, "PyTorch produced no " + what);
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = Fixtures.values(expected.castTo(D));
        double[] a = Fixtures.values(actual.castTo(D));
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], TOLERANCE * Math.max(1, Math.abs(e[i])), what + " [" + i + "]");
        }
    }
}
