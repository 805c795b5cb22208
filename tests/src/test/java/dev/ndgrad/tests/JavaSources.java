package dev.ndgrad.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles Java source held in a string against the test classpath (ndgrad and its dependencies), for the tests
 * that check that code ndgrad shows its users compiles: the README's snippets, the programs the fuzzer prints.
 */
public final class JavaSources {

    private JavaSources() {}

    /**
     * Compiles {@code source}, which declares the public class {@code className}, into {@code classes}, and loads it
     * (with a class loader whose parent is this class's); fails the test with javac's diagnostics and the source.
     */
    public static Class<?> compileAndLoad(String className, String source, Path classes) throws Exception {
        return compileAndLoad(Map.of(className, source), classes).get(className);
    }

    /** As {@link #compileAndLoad(String, String, Path)} for several classes at once (one javac run), by name. */
    public static Map<String, Class<?>> compileAndLoad(Map<String, String> sources, Path classes) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<JavaFileObject> files = new ArrayList<>();
        sources.forEach((className, source) -> files.add(new SimpleJavaFileObject(
                URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        }));
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                "-proc:none");
        boolean ok = compiler.getTask(diagnostics, null, null, options, null, files).call();
        assertTrue(ok, () -> "does not compile:\n" + diagnostics + "\n--- source ---\n"
                + String.join("\n--- next source ---\n", sources.values()));
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                JavaSources.class.getClassLoader());
        Map<String, Class<?>> loaded = new LinkedHashMap<>();
        for (String className : sources.keySet()) {
            loaded.put(className, loader.loadClass(className));
        }
        return loaded;
    }
}
