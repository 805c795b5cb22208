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
 * value and gradient, to 1e−9. Skipped, with a message, where PyTorch cannot be imported.
 */
class TorchDifferentialTest {

    private static final double TOLERANCE = 1e-6;
    private static final double LOSS_TOLERANCE = 1e-9;
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
        Tensor sparse = Tensor.where(Fixtures.uniform(13, 0, 1, batch, 4).gt(0.7), Tensor.zeros(D), probs);   // 0·ln 0
        Tensor posWeight = Tensor.of(new double[] {0.5, 1, 2, 3.5}).to(D);

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
        data.put("sparse_probs", sparse.data());
        data.put("pos_weight", posWeight.data());
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
        losses.put("l1", v -> Losses.l1(v, t));
        losses.put("huber", v -> Losses.huber(v, t));
        losses.put("huber_0.7_sum", v -> Losses.huber(v, t, 0.7, Reduction.SUM));
        losses.put("smooth_l1", v -> Losses.smoothL1(v, t));
        losses.put("smooth_l1_0.5", v -> Losses.smoothL1(v, t, 0.5, Reduction.MEAN));
        losses.put("smooth_l1_0_sum", v -> Losses.smoothL1(v, t, 0, Reduction.SUM));
        losses.put("kl_batchmean", v -> Losses.klDiv(v.logSoftmax(1), sparse, Reduction.BATCHMEAN));
        losses.put("kl_mean", v -> Losses.klDiv(v.logSoftmax(1), probs, Reduction.MEAN));
        losses.put("kl_none", v -> Losses.klDiv(v.logSoftmax(1), sparse, Reduction.NONE).mul(t).sum());
        losses.put("kl_log_target", v -> Losses.klDivLogTarget(v.logSoftmax(1), probs.log(), Reduction.SUM));
        losses.put("bce_logits_pos_weight", v -> Losses.binaryCrossEntropyWithLogits(v, yb, posWeight, Reduction.MEAN));
        losses.put("bce_logits_pos_weight_none",
                v -> Losses.binaryCrossEntropyWithLogits(v, yb, posWeight, Reduction.NONE).mul(t).sum());
        losses.put("ce_smoothing", v -> Losses.crossEntropy(v, classes, 0.1, Reduction.MEAN));
        losses.put("ce_smoothing_sum", v -> Losses.crossEntropy(v, classes, 0.3, Reduction.SUM));
        losses.put("ce_smoothing_none", v -> Losses.crossEntropy(v, classes, 0.2, Reduction.NONE)
                .mul(t.slice(1, 0, 1).reshape(batch)).sum());
        losses.put("ce_probs_smoothing", v -> Losses.crossEntropyWithProbabilities(v, probs, 0.25, Reduction.MEAN));
        losses.forEach((name, f) -> {
            Tensor v = z.copy().requiresGrad(true);
            Tensor value = f.apply(v);
            value.backward();
            assertClose(torch.get("loss." + name), value.data(), "loss " + name, LOSS_TOLERANCE);
            assertClose(torch.get("dz." + name), v.grad().data(), "gradient of loss " + name, LOSS_TOLERANCE);
        });
    }

    private void write(String name, Map<String, INDArray> arrays) throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            Npz.write(out, arrays);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertClose(expected, actual, what, TOLERANCE);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what, double tolerance) {
        assertTrue(expected != null, "PyTorch produced no " + what);
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = Fixtures.values(expected.castTo(D));
        double[] a = Fixtures.values(actual.castTo(D));
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tolerance * Math.max(1, Math.abs(e[i])), what + " [" + i + "]");
        }
    }
}
