package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class EmbeddedSparkTest {

    @Test
    void theRunningSessionIsReusedAndAnotherMasterIsRefused() {
        SparkSession session = TestSpark.session();
        assertSame(session, EmbeddedSpark.session());
        assertSame(session, EmbeddedSpark.session(TestSpark.MASTER));
        assertEquals("127.0.0.1", session.conf().get("spark.driver.host"), "embedded: the loopback interface");
        assertEquals("false", session.conf().get("spark.ui.enabled"));
        var e = assertThrows(IllegalStateException.class, () -> EmbeddedSpark.session("local[1]"));
        assertTrue(e.getMessage().contains("already runs on local[4,2]; stop it before asking for local[1]"),
                e.getMessage());
    }

    @Test
    void theTestJvmHasTheOptionsSparkNeeds() {
        EmbeddedSpark.checkJvmOptions(); // Surefire's argLine carries them; ./ndgrad's launcher too
        assertEquals("local[*]", EmbeddedSpark.DEFAULT_MASTER);
    }
}
