package dev.ndgrad.nn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening data files: gzip is recognised by its magic bytes, not by the file name. */
final class DataFiles {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private DataFiles() {
    }

    /** A buffered stream over {@code in}, decompressed if it starts with the gzip magic bytes. */
    static InputStream decompressIfGzip(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2) {
            return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
        }
        return buffered;
    }

    /** Opens {@code file} (gzipped or not); a missing file is an {@link UncheckedIOException} naming it. */
    static InputStream open(Path file, String reader) {
        try {
            return decompressIfGzip(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(reader + ": no such file " + file.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(reader + ": cannot open " + file.toAbsolutePath() + ": " + e.getMessage(),
                    e);
        }
    }
}
