package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Spark and ND4J share one JVM: their libraries do not clash, and Spark gets the JVM options it needs. */
class SparkWithNd4jTest {

    @Test
    void ndgradComputesTheSameInsideSparkTasksAsOnTheDriver() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        List<double[]> inTasks = sc.parallelize(List.of(1L, 2L, 3L, 4L), 4).map(seed -> {
            Tensor a = Tensor.randn(new Random(seed), DataType.DOUBLE, 16, 16).requiresGrad(true);
            a.matmul(a).tanh().sum().backward();
            return a.grad().toDoubleArray();
        }).collect();
        for (int i = 0; i < 4; i++) {
            Tensor a = Tensor.randn(new Random(i + 1), DataType.DOUBLE, 16, 16).requiresGrad(true);
            a.matmul(a).tanh().sum().backward();
            assertArrayEquals(a.grad().toDoubleArray(), inTasks.get(i), "seed " + (i + 1));
        }
    }

    /**
     * Spark 4's Arrow needs flatbuffers 25; ND4J was built against 1.12 but touches it only to serialize SameDiff
     * graphs. The spark module pins Spark's version, and ND4J's arrays work beside it (the test above).
     */
    @Test
    void theClasspathHasSparksFlatbuffers() throws Exception {
        Class.forName("com.google.flatbuffers.Constants").getMethod("FLATBUFFERS_25_2_10");
    }

    @Test
    void thisJvmHasEverythingSparksLauncherWouldPass() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : JavaModuleOptions.defaultModuleOptionArray()) {
            assertTrue(arguments.contains(option), "Surefire's argLine (spark.java.options) lacks " + option);
        }
        assertEquals(List.of(), EmbeddedSpark.missingOpens());
    }

    @Test
    void theLaunchersOptionFileIsSparksList() throws IOException {
        Path file = Path.of("..", "scripts", "spark-java-options"); // Surefire runs in the module's folder
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()), lines,
                file + " must list Spark's own JVM options, in order");
    }
}
