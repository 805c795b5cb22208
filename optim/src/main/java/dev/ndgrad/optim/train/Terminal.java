package dev.ndgrad.optim.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process's stdout or stderr is a terminal, where a progress bar can redraw itself. */
final class Terminal {

    private Terminal() {}

    /**
     * True when {@code out} is the process's {@code System.out} or {@code System.err}, that stream goes to a
     * terminal, and {@code CI} is not {@code true}. Any other stream (a file, a buffer) is not a terminal. On Linux
     * the descriptor's target under {@code /proc/self/fd} tells; elsewhere {@link System#console()} does (it needs
     * stdin and stdout to be terminals).
     */
    static boolean isTerminal(PrintStream out) {
        int fd = out == System.out ? 1 : out == System.err ? 2 : -1;
        if (fd < 0 || "true".equalsIgnoreCase(System.getenv("CI"))) {
            return false;
        }
        Path link = Path.of("/proc/self/fd/" + fd);
        if (Files.isSymbolicLink(link)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(link).toString());
            } catch (IOException | SecurityException e) {
                return false;
            }
        }
        return System.console() != null;
    }

    /** A pseudo-terminal ({@code /dev/pts/3}) or a console ({@code /dev/tty1}), not a pipe, a file or /dev/null. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
