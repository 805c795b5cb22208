package dev.ndgrad.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session ndgrad trains on. By default an embedded one — {@code local[*]}, the driver and one executor
 * thread per core inside this JVM, nothing to install — and a cluster by changing only the master URL:
 * {@code spark://host:7077}, {@code yarn}, {@code k8s://https://host:6443}. A program started by
 * {@code spark-submit --master URL} gets that master (spark-submit passes it as the {@code spark.master} system
 * property), so the same program runs embedded from an IDE and on a cluster when submitted.
 *
 * <p>On Java 17, Spark reaches into JDK internals that stay closed unless the JVM is started with Spark's
 * {@code --add-opens} options (spark-submit adds them; so does {@code ./ndgrad}; your own launcher must, see
 * {@code scripts/spark-java-options}). A session is only started after {@link #checkJvmOptions()} confirmed them,
 * so a missing option is one clear error instead of an {@code IllegalAccessError} deep inside Spark.
 */
public final class EmbeddedSpark {

    /** The master used when neither the caller nor spark-submit chose one: every core of this machine. */
    public static final String DEFAULT_MASTER = "local[*]";

    private EmbeddedSpark() {}

    /**
     * The active session, or a new one whose master is the {@code spark.master} system property (set by
     * spark-submit), else {@value #DEFAULT_MASTER}.
     */
    public static SparkSession session() {
        return session(null);
    }

    /**
     * The session on {@code master}: the active one if it runs on that master, else a new one.
     *
     * @param master a Spark master URL ({@code local[4]}, {@code spark://host:7077}, {@code yarn}, ...), or null for
     *     the {@code spark.master} property, else {@value #DEFAULT_MASTER}
     * @throws IllegalStateException if a session runs on another master (Spark allows one per JVM), or the JVM
     *     lacks options Spark needs
     */
    public static synchronized SparkSession session(String master) {
        Optional<SparkSession> active = activeSession();
        if (active.isPresent()) {
            String running = active.get().sparkContext().master();
            if (master != null && !master.equals(running)) {
                throw new IllegalStateException("EmbeddedSpark: a Spark session already runs on " + running
                        + "; stop it before asking for " + master + " (Spark allows one per JVM)");
            }
            return active.get();
        }
        checkJvmOptions();
        String chosen = master != null ? master : System.getProperty("spark.master", DEFAULT_MASTER);
        SparkSession.Builder builder = SparkSession.builder().appName(System.getProperty("spark.app.name", "ndgrad"))
                .master(chosen);
        if (chosen.startsWith("local")) {
            // Embedded: everything stays on this machine, so bind to the loopback interface (no need for a host name
            // that resolves) and skip the web UI, unless the user's own spark.* properties say otherwise.
            setUnlessGiven(builder, "spark.driver.host", "127.0.0.1");
            setUnlessGiven(builder, "spark.driver.bindAddress", "127.0.0.1");
            setUnlessGiven(builder, "spark.ui.enabled", "false");
        }
        return builder.getOrCreate();
    }

    private static Optional<SparkSession> activeSession() {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        if (active.isEmpty()) {
            active = SparkSession.getDefaultSession();
        }
        return active.isEmpty() || active.get().sparkContext().isStopped() ? Optional.empty()
                : Optional.of(active.get());
    }

    private static void setUnlessGiven(SparkSession.Builder builder, String key, String value) {
        if (System.getProperty(key) == null) {
            builder.config(key, value);
        }
    }

    /**
     * Checks that this JVM opens to unnamed modules every JDK package Spark's launcher opens
     * ({@link JavaModuleOptions#defaultModuleOptionArray()}).
     *
     * @throws IllegalStateException naming the missing {@code --add-opens} options and where to add them
     */
    public static void checkJvmOptions() {
        List<String> missing = missingOpens();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("EmbeddedSpark: Spark on Java " + Runtime.version().feature()
                    + " needs JVM options this JVM was started without: " + String.join(" ", missing)
                    + ". spark-submit and ./ndgrad add them; in your own launcher add every line of "
                    + "scripts/spark-java-options (Spark's list), e.g. java $(grep -v '^#' scripts/spark-java-options) ...");
        }
    }

    /** Spark's {@code --add-opens} options that this JVM lacks. */
    static List<String> missingOpens() {
        Module unnamed = EmbeddedSpark.class.getModule();
        List<String> missing = new ArrayList<>();
        for (String option : JavaModuleOptions.defaultModuleOptionArray()) {
            if (!option.startsWith("--add-opens=")) {
                continue;
            }
            String[] target = option.substring("--add-opens=".length()).split("[/=]");
            Optional<Module> module = ModuleLayer.boot().findModule(target[0]);
            if (module.isPresent() && !module.get().isOpen(target[1], unnamed)) {
                missing.add(option);
            }
        }
        return missing;
    }
}
