package dev.ndgrad.optim.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class TerminalTest {

    @Test
    void terminalsArePseudoTerminalsAndConsolesNotPipesOrFiles() {
        assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
        assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
        assertFalse(Terminal.isTerminalDevice("pipe:[73412]"));
        assertFalse(Terminal.isTerminalDevice("/tmp/build.log"));
        assertFalse(Terminal.isTerminalDevice("/dev/null"));
    }

    @Test
    void aBufferIsNoTerminalAndNeitherIsTheTestRunnersOutput() {
        assertFalse(Terminal.isTerminal(new PrintStream(new ByteArrayOutputStream())));
        // Surefire's forked JVM writes to a pipe
        assertFalse(Terminal.isTerminal(System.err));
        assertFalse(Terminal.isTerminal(System.out));
    }
}
