package dev.ndgrad.nn;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Starts a JVM that runs a main class of the tests' own classpath, for tests that must kill or starve a process. */
final class ChildJvm {

    private ChildJvm() {}

    /**
     * {@code java <options> -cp <this JVM's classpath> <main> <args>}, with this JVM's {@code java}; its
     * environment (e.g. {@code OPENBLAS_CORETYPE}) is inherited.
     */
    static ProcessBuilder command(Class<?> main, List<String> options, String... args) {
        return command(System.getProperty("java.class.path"), main, options, args);
    }

    /**
     * The same with a classpath of only the directories or jars that hold {@code needed} (and {@code main}):
     * a child that opens a few class folders instead of every jar of the tests starts in a fraction of the time.
     */
    static ProcessBuilder command(List<Class<?>> needed, Class<?> main, List<String> options, String... args) {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(locationOf(main));
        needed.forEach(c -> entries.add(locationOf(c)));
        return command(String.join(File.pathSeparator, entries), main, options, args);
    }

    private static ProcessBuilder command(String classpath, Class<?> main, List<String> options, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(classpath);
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static String locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + c, e);
        }
    }
}
