package dev.ndgrad.examples.fashion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Main;
import dev.ndgrad.examples.Pngs;
import dev.ndgrad.optim.train.ProgressDisplay;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionExampleTest {

    private static FashionExample.Config shortRun(Path data, Path out) {
        return new FashionExample.Config(data, 4000, 1000, List.of(128, 64), 0.1, 1.0, 2, 128, 1e-3, 0.1, 2, 1,
                ProgressDisplay.OFF, out);
    }

    @Test
    void aShortRunOnASubsetLearnsTheClasses(@TempDir Path out) throws Exception {
        Path data = FashionTestData.installed();

        FashionExample.Result r = FashionExample.run(shortRun(data, out), Pngs.quietLog());

        assertTrue(r.testAccuracy() >= 0.75, "test accuracy after 2 epochs on 4,000 images: " + r.testAccuracy());
        assertEquals(10, r.testAccuracyByClass().size());
        assertTrue(r.testAccuracyByClass().containsKey("Ankle boot"), r.testAccuracyByClass()::toString);
        assertTrue(r.history().size() <= 2);
        Pngs.assertRealImage(r.learningCurves());
    }

    @Test
    void missingDataIsAClearMessageSayingHowToGetIt(@TempDir Path empty) {
        var e = assertThrows(FashionExample.DataMissingException.class,
                () -> FashionExample.run(shortRun(empty, empty), Pngs.quietLog()));
        assertTrue(e.getMessage().contains(empty.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("--data"), e.getMessage());
    }

    @Test
    void theCommandExitsWithCodeTwoAndTheMessageWhenTheDataAreMissing(@TempDir Path empty) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute("fashion", "--data", empty.toString(), "--out", empty.toString());
        } finally {
            System.setErr(stderr);
        }
        assertEquals(FashionCommand.DATA_MISSING, code);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("dataset-fashion-mnist"), captured::toString);
    }
}
