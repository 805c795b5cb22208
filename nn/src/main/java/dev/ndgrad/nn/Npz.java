package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NumPy's {@code .npz}: a zip archive with one {@link NpyFormat .npy} entry per array, named
 * {@code <key>.npy}, as {@code numpy.savez} writes it and {@code numpy.load} reads it
 * ({@code numpy.load("model.npz")["fc1.weight"]}).
 *
 * <p>Entries are stored uncompressed (as {@code numpy.savez} does) with a fixed timestamp, so the same
 * arrays always give the same bytes. Reading checks every entry's CRC-32 and length: a truncated or
 * corrupted archive is an {@link IOException}, never a silently wrong array. It also never reads more than
 * the archive declares, nor lets the declarations exceed what the file size allows: a "zip bomb" (a small
 * file that inflates to gigabytes) is refused before its data is read, see {@link #read}.
 */
public final class Npz {

    /** 1980-01-01, the earliest DOS time a zip can hold: a fixed stamp keeps the files reproducible. */
    private static final long FIXED_TIME = 315532800000L;

    private Npz() {}

    /** Writes {@code arrays} (key → array, in the map's order) as an {@code .npz} to {@code out} (left open). */
    public static void write(OutputStream out, Map<String, INDArray> arrays) throws IOException {
        write(out, arrays, NpyFormat::encode);
    }

    /** Writes entries that are already {@code .npy} bytes (key → {@link NpyFormat#encode} output). */
    static void writeEncoded(OutputStream out, Map<String, byte[]> npyEntries) throws IOException {
        write(out, npyEntries, npy -> npy);
    }

    private static <T> void write(OutputStream out, Map<String, T> items, Function<T, byte[]> toNpy)
            throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, T> e : items.entrySet()) {
            checkArgument(!e.getKey().isEmpty() && !e.getKey().contains("/"), "npz: invalid key '%s'", e.getKey());
            byte[] npy = toNpy.apply(e.getValue());
            CRC32 crc = new CRC32();
            crc.update(npy);
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(npy.length);
            entry.setCompressedSize(npy.length);
            entry.setCrc(crc.getValue());
            entry.setTime(FIXED_TIME);
            zip.putNextEntry(entry);
            zip.write(npy);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /**
     * Reads every array of an {@code .npz} (stored or deflated, as {@code savez} or {@code savez_compressed}
     * write them), keyed by entry name without {@code .npy}, in archive order.
     *
     * <p>What is read is bounded before it is read: each entry's declared sizes are checked against each other
     * and against the file size (compressed sizes add up to at most the file; a deflated entry declares at most
     * 1032 times its compressed size, DEFLATE's limit), each {@code .npy} header's shape × dtype width must be
     * exactly the entry's declared size, no entry may inflate past it, and each array must fit in the free heap.
     *
     * @throws IOException if the file is missing or unreadable, is not a zip (e.g. truncated: the zip
     *     directory sits at the end), or an entry is corrupt (checksum), truncated, not {@code .npy}, of an
     *     unsupported dtype, or declares sizes that do not add up (as a zip bomb's do); the message names the
     *     file and the entry
     */
    public static Map<String, INDArray> read(Path path) throws IOException {
        try (NpzArchive archive = NpzArchive.open(path)) {
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (String key : archive.keys()) {
                arrays.put(key, archive.read(key));
            }
            return arrays;
        }
    }
}
