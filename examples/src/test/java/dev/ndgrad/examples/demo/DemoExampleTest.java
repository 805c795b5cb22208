package dev.ndgrad.examples.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.GradCheckResult;
import dev.ndgrad.examples.Main;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.data.Datasets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DemoExampleTest {

    @TempDir
    Path out;

    @Test
    void theMainJobChecksTrainsAndReportsOnDigits() throws Exception {
        var settings = new DemoExample.Settings(Datasets.digits(), "digits", List.of(128, 64), 0.9, 0.5, 0.003, 60, 64,
                8, 0.01, 16, 24, 1, false, out);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DemoExample.Result r = DemoExample.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);

        assertTrue(r.gradChecks().stream().allMatch(GradCheckResult::passed), printed);
        assertTrue(r.gradChecks().get(0).relativeError() < 1e-7, printed);
        GradCheckResult dropoutOn = r.dropoutOnCheck().orElseThrow();
        assertTrue(dropoutOn.isInconclusive(), dropoutOn::toString);
        assertTrue(dropoutOn.inconclusiveReason().orElseThrow().endsWith("is dropout or another random op on?"),
                dropoutOn::toString);
        assertTrue(printed.contains("with dropout on") && printed.contains(": INCONCLUSIVE: f is not deterministic"),
                printed);
        assertTrue(r.testAccuracy() >= 0.95, () -> "test accuracy " + r.testAccuracy() + "\n" + printed);
        assertTrue(printed.contains("Accuracy: train") && printed.contains("Diagnosis: "), printed);
        assertRealImage(r.learningCurves());

        // the checkpoint is the trained model: a fresh network loads it and holds the same numbers
        Module fresh = DemoExample.network(64, 10, settings, DataType.FLOAT);
        fresh.load(r.checkpoint());
        Map<String, INDArray> trained = r.model().stateDict();
        Map<String, INDArray> loaded = fresh.stateDict();
        assertEquals(trained.keySet(), loaded.keySet());
        for (String name : trained.keySet()) {
            assertArrayEquals(trained.get(name).dup().data().asFloat(), loaded.get(name).dup().data().asFloat(), 0f, name);
        }
    }

    @Test
    void theCommandLineRunsTheDemo() {
        int code = Main.run("demo", "--no-progress", "--epochs", "3", "--hidden", "16", "--check-directions", "4",
                "--out", out.toString());
        assertEquals(0, code);
        assertTrue(Files.exists(out.resolve("learning-curves.png")));
        assertTrue(Files.exists(out.resolve("model.npz")));
    }

    static void assertRealImage(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not an image");
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100, png + " is too small");
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 7) {
            for (int x = 0; x < image.getWidth() && !varied; x += 7) {
                varied = image.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, png + " is a single colour");
    }

    @Test
    void aNonPositiveEpochCountIsAUsageError() {
        assertEquals(2, Main.run("demo", "--epochs", "0", "--out", out.toString()));
    }
}
