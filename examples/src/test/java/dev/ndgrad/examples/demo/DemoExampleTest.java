package dev.ndgrad.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Main;
import dev.ndgrad.examples.Pngs;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.optim.train.BiasVarianceDiagnosis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class DemoExampleTest {

    @Test
    void theMainJobChecksTrainsAndReachesNinetyFivePercentOnDigits(@TempDir Path out) throws Exception {
        DemoConfig config = DemoConfig.defaults(out).withEpochs(30);
        DemoExample.Result r = DemoExample.run(config, Pngs.quietLog());

        DemoGradientCheck.Reports check = r.gradCheck().orElseThrow();
        assertTrue(check.allParameters().passed(), check.allParameters()::toString);
        assertTrue(check.outputLayer().passed(), check.outputLayer()::toString);
        assertTrue(check.allParameters().relativeError() < 1e-7, check.allParameters()::toString);

        assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
        assertTrue(r.trainAccuracy() >= r.testAccuracy() - 0.02, "train " + r.trainAccuracy());
        assertEquals(r.testAccuracy(), r.reloadedTestAccuracy(), 1e-12, "the checkpoint reloads the same model");
        assertTrue(r.ok());
        assertTrue(r.diagnosis().verdict() != BiasVarianceDiagnosis.Verdict.HIGH_BIAS, r.diagnosis()::message);
        assertTrue(r.history().size() <= 30 && r.history().restoredEpoch() >= 0);

        Pngs.assertRealImage(r.learningCurves());
        assertTrue(Files.size(r.checkpoint()) > 17226 * 4, "checkpoint size " + Files.size(r.checkpoint()));
    }

    @Test
    void theCommandLineRunsTheDemoAndNamesItsOutputFolder(@TempDir Path out) {
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("demo", "--epochs", "2", "--no-grad-check", "--no-progress", "--data", "iris",
                "--out", out.toString(), "--seed", "3");
        assertEquals(0, code, err::toString);
        assertTrue(Files.isRegularFile(out.resolve("learning-curves.png")));
        assertTrue(Files.isRegularFile(out.resolve("model.npz")));
    }

    @Test
    void anUnknownDataSetIsRejectedWithTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> ShippedData.parse("mnist"));
        assertTrue(e.getMessage().contains("digits, iris, breast-cancer"), e.getMessage());
        assertEquals(ShippedData.BREAST_CANCER, ShippedData.parse("Breast_Cancer"));
    }

    @Test
    void theSameSeedBuildsTheSameNetworkInFloatAndDouble() {
        Sequential f = DemoNetwork.build(64, List.of(32, 16), 10, 0.2, DataType.FLOAT, 9);
        Sequential d = DemoNetwork.build(64, List.of(32, 16), 10, 0.2, DataType.DOUBLE, 9);
        for (var entry : f.namedParameters().entrySet()) {
            double[] a = entry.getValue().toDoubleArray();
            double[] b = d.namedParameters().get(entry.getKey()).toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-6, entry.getKey());
            }
        }
    }
}
