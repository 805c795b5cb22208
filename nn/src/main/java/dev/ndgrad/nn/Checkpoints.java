package dev.ndgrad.nn;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Saving and reading state dicts as {@code .npz} files, safely: see {@link Module#save} and {@link Module#load}. */
final class Checkpoints {

    private Checkpoints() {}

    /** Writes a temporary file in the target's directory, syncs it, then renames it over {@code path}. */
    static void save(Map<String, INDArray> state, Path path) {
        Path target = path.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                Npz.write(out, state);
                out.getFD().sync();
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CheckpointException("save " + path + ": " + e, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Reads and checks the whole file; nothing of a model is touched here. */
    static Map<String, INDArray> read(Path path) {
        try {
            return Npz.read(path);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new CheckpointException("load " + path + ": no such file", e);
        } catch (IOException e) {
            throw new CheckpointException("load " + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // The save already succeeded or already failed with its own message; a stray temp file is harmless.
        }
    }
}
