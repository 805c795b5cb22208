package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saving and reading state dicts as {@code .npz} files, safely: see {@link Module#save} and {@link Module#load}.
 *
 * <p>A save is crash-safe: it writes a hidden temporary file beside the target ({@code .<name>.<random>.tmp}),
 * forces it to disk, renames it over the target (atomic on POSIX file systems) and forces the directory, so
 * the target is at every moment either the old checkpoint or the new one, never a mix, even if the process is
 * killed or the machine loses power. A save killed midway can leave its temporary file behind; it is never the
 * checkpoint and may be deleted.
 */
final class Checkpoints {

    private static final int TEMP_NAME_ATTEMPTS = 100;

    private Checkpoints() {}

    /** Something that writes a whole checkpoint to a stream. */
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code state} to {@code path} crash-safely (see the class comment). */
    static void save(Map<String, INDArray> state, Path path) {
        write(path, out -> Npz.write(out, state));
    }

    /**
     * The same as {@link #save}, for entries already encoded with {@link NpyFormat#encode}: the bytes written are
     * those {@code save} writes for the arrays they encode.
     */
    static void saveEncoded(Map<String, byte[]> npyEntries, Path path) {
        write(path, out -> Npz.writeEncoded(out, npyEntries));
    }

    private static void write(Path path, Content content) {
        checkNotNull(path, "save: path is null");
        Path target = path.toAbsolutePath();
        if (target.getFileName() == null) {
            throw new CheckpointException("save " + path + ": the path names no file; give a file name such as "
                    + target.resolve("model.npz"));
        }
        if (Files.isDirectory(target)) {
            throw new CheckpointException("save " + path + ": is a directory; give a file name such as "
                    + target.resolve("model.npz"));
        }
        Path directory = target.getParent();
        if (!Files.isDirectory(directory)) {
            throw new CheckpointException("save " + path + ": the directory " + directory + " does not exist");
        }
        Path tmp = null;
        try {
            tmp = createTemp(directory, target.getFileName().toString());
            keepPermissions(target, tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            forceDirectory(directory);
        } catch (IOException e) {
            throw new CheckpointException("save " + path + ": " + e, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * A new, empty, uniquely named file beside the target. Created without explicit permissions, so it gets
     * those of any new file (0666 less the umask), unlike {@code Files.createTempFile}, which makes it 0600.
     */
    private static Path createTemp(Path directory, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            // Not Init's generator: saving a checkpoint must not change the draws of a seeded program.
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
            Path tmp = directory.resolve("." + name + "." + random + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == TEMP_NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** A checkpoint that replaces a file keeps that file's permissions, as a save that rewrote it in place would. */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        try {
            if (Files.isRegularFile(target)) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the new file has the default permissions.
        }
    }

    /** Makes the rename itself durable (the directory entry), where the file system allows it. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or sync a directory; the rename is atomic regardless.
        }
    }

    /** The arrays a load copies in, and the keys that did not match the model. */
    record Loaded(Map<String, INDArray> arrays, LoadResult result) {}

    /**
     * Opens {@code path}, lets {@code check} compare what its headers declare with the model (it throws
     * {@link IllegalArgumentException} on a mismatch), then reads the arrays the model takes, and only those.
     * Nothing of a model is touched here, and a file that does not fit is refused before its data is read.
     */
    static Loaded read(Path path, Function<Map<String, ArraySpec>, LoadResult> check) {
        try (NpzArchive archive = NpzArchive.open(path)) {
            LoadResult result = check.apply(archive.specs());
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (String key : archive.keys()) {
                if (!result.unexpectedKeys().contains(key)) {
                    arrays.put(key, archive.read(key));
                }
            }
            return new Loaded(arrays, result);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new CheckpointException("load " + path + ": no such file", e);
        } catch (IOException | IllegalArgumentException e) {
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
            // The save already failed with its own message; a stray temp file is harmless.
        }
    }
}
