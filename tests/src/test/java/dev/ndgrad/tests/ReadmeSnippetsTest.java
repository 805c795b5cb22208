package dev.ndgrad.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the root README is compiled against the project and run, so the
 * documentation cannot drift from the API. A block is wrapped in a method body; its {@code import}
 * lines are lifted out, and a block that declares a class is compiled as it is.
 */
class ReadmeSnippetsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final String COMMON_IMPORTS = String.join("\n",
            "import dev.ndgrad.autograd.*;",
            "import dev.ndgrad.nn.*;",
            "import dev.ndgrad.nn.Module;   // a single-type import: java.lang.Module would make it ambiguous",
            "import dev.ndgrad.optim.*;",
            "import java.util.*;",
            "import org.nd4j.linalg.api.buffer.DataType;",
            "import org.nd4j.linalg.api.ndarray.INDArray;",
            "import org.nd4j.linalg.factory.Nd4j;",
            "import org.nd4j.linalg.ops.transforms.Transforms;",
            "");

    @TempDir
    Path classes;

    static List<String> snippets() throws IOException {
        String readme = Files.readString(readmePath());
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** The project root: the nearest directory above the working directory with README.md and autograd/. */
    private static Path readmePath() {
        Path dir = Path.of("").toAbsolutePath();
        while (!(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("autograd")))) {
            dir = dir.getParent();
            if (dir == null) {
                throw new IllegalStateException("no project root with README.md above " + Path.of("").toAbsolutePath());
            }
        }
        return dir.resolve("README.md");
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeSnippetCompilesAndRuns() throws IOException {
        List<String> blocks = snippets();
        assertFalse(blocks.isEmpty(), "README.md has no ```java blocks");
        return java.util.stream.IntStream.range(0, blocks.size()).mapToObj(i -> DynamicTest.dynamicTest(
                "README snippet " + (i + 1) + ": " + firstLine(blocks.get(i)), () -> compileAndRun(i, blocks.get(i))));
    }

    private static String firstLine(String block) {
        return block.strip().lines().findFirst().orElse("");
    }

    /**
     * Wraps a block: {@code import} lines go to the top, type declarations (from a line starting
     * with {@code class}, {@code final class} or {@code record} to the next line that is just
     * <code>}</code>) become static nested types, and every other line goes into {@code main}.
     */
    private void compileAndRun(int index, String block) throws Exception {
        String className = "ReadmeSnippet" + (index + 1);
        StringBuilder imports = new StringBuilder(COMMON_IMPORTS);
        StringBuilder types = new StringBuilder();
        StringBuilder statements = new StringBuilder();
        boolean inType = false;
        for (String line : block.lines().toList()) {
            if (line.startsWith("import ")) {
                imports.append(line).append('\n');
            } else if (inType || TYPE_START.matcher(line).find()) {
                types.append(inType ? line : "static " + line).append('\n');
                inType = !line.equals("}");
            } else {
                statements.append("    ").append(line).append('\n');
            }
        }
        String source = imports + "public class " + className + " {\n" + types
                + "  public static void main(String[] args) throws Exception {\n" + statements + "  }\n}\n";
        Class<?> snippet = JavaSources.compileAndLoad(className, source, classes);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = (URLClassLoader) snippet.getClassLoader()) {
            Method main = snippet.getMethod("main", String[].class);
            // Spark's embedded executors load the classes of shipped lambdas through the context class loader.
            thread.setContextClassLoader(loader);
            main.invoke(null, (Object) new String[0]);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static final Pattern TYPE_START = Pattern.compile("^(final |abstract )?(class|record|interface) ");
}
