package dev.ndgrad.nn;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child process for {@link NpzBombTest}: {@link Npz#read} of one file in a JVM with a small heap, printing
 * {@code read <n> arrays} or the {@link IOException}'s class and message. An {@link OutOfMemoryError} would end
 * it with a stack trace and a non-zero exit code instead.
 */
public final class NpzReadChild {

    private NpzReadChild() {}

    public static void main(String[] args) {
        try {
            System.out.println("read " + Npz.read(Path.of(args[0])).size() + " arrays");
        } catch (IOException e) {
            System.out.println("IOException: " + e.getMessage());
        }
    }
}
