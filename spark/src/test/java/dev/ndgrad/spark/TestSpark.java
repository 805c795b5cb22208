package dev.ndgrad.spark;

import org.apache.spark.sql.SparkSession;

/** The one embedded Spark session the tests of this module share (starting one takes seconds). */
final class TestSpark {

    /** Four executor threads; two attempts per task, so that a task that fails once is retried. */
    static final String MASTER = "local[4,2]";

    private TestSpark() {}

    static SparkSession session() {
        return EmbeddedSpark.session(MASTER);
    }
}
