package dev.ndgrad.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine;

class SparkDigitsExampleTest {

    private static final Pattern HEADLINE = Pattern.compile("spark-digits: Spark training on (\\S+) agrees with one "
            + "machine: weights differ by (\\S+) \\(relative, ≤ 1e-5 expected\\) after (\\d+) steps; (\\S+) ms per step "
            + "vs (\\S+) ms on one machine");

    @TempDir
    Path out;

    @Test
    void sparkTrainingAgreesWithOneMachineAndSaysWhatAStepCosts() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var r = SparkDigitsExample.run(new SparkDigitsExample.Settings("local[2]", 0, 2, 64, 0.01, DataType.DOUBLE, 4,
                1, out), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        Matcher headline = HEADLINE.matcher(printed);
        assertTrue(headline.find(), printed);
        assertEquals("local[2]", headline.group(1));
        double difference = Double.parseDouble(headline.group(2));
        assertTrue(difference <= 1e-5, printed);
        assertEquals(r.relativeDifference(), difference, Math.max(1e-20, 0.06 * difference), "printed to 2 digits");
        assertEquals(2 * 23, Integer.parseInt(headline.group(3)), "1437 training digits in batches of 64, 2 epochs");
        assertTrue(Double.parseDouble(headline.group(4)) > 0 && Double.parseDouble(headline.group(5)) > 0, printed);

        assertEquals(2, r.partitions(), "local[2]: two cores, two partitions");
        assertTrue(r.spark().devAccuracy() > 0.9 && Math.abs(r.spark().devAccuracy() - r.oneMachine().devAccuracy())
                < 1e-9, printed);
        assertNotNull(r.averaged());
        // every 4 steps: parameters and Adam's two moment buffers both ways, 3/4 of a synchronous step's bytes
        assertTrue(r.averaged().bytesPerStep() < 0.8 * r.spark().bytesPerStep(), printed);
        assertTrue(r.spark().bytesPerStep() >= r.communication().modelBytesPerStep(), printed);
        assertTrue(printed.contains("cost model: 2 × 4,810 parameters × 8 bytes × 2 partitions"), printed);
        assertTrue(Files.size(r.checkpoint()) > 4810 * 8, "the Spark-trained model");
    }

    @Test
    void badOptionsAreUsageErrors() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("spark-digits", "--dtype", "INT"));
        assertTrue(err.toString().contains("--dtype"), err.toString());
        assertEquals(2, cli.execute("spark-digits", "--epochs", "0"));
        assertTrue(err.toString().contains("--epochs must be at least 1, got 0"), err.toString());
        assertEquals(2, cli.execute("spark-digits", "--average-every", "-1"));
        assertTrue(err.toString().contains("--average-every must be at least 0, got -1"), err.toString());
    }
}
