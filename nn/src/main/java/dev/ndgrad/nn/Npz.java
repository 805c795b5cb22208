package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NumPy's {@code .npz}: a zip archive with one {@link NpyFormat .npy} entry per array, named
 * {@code <key>.npy}, as {@code numpy.savez} writes it and {@code numpy.load} reads it
 * ({@code numpy.load("model.npz")["fc1.weight"]}).
 *
 * <p>Entries are stored uncompressed (as {@code numpy.savez} does) with a fixed timestamp, so the same
 * arrays always give the same bytes. Reading checks every entry's CRC-32 and length: a truncated or
 * corrupted archive is an {@link IOException}, never a silently wrong array.
 */
public final class Npz {

    /** 1980-01-01, the earliest DOS time a zip can hold: a fixed stamp keeps the files reproducible. */
    private static final long FIXED_TIME = 315532800000L;

    private Npz() {}

    /** Writes {@code arrays} (key → array, in the map's order) as an {@code .npz} to {@code out} (left open). */
    public static void write(OutputStream out, Map<String, INDArray> arrays) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            checkArgument(!e.getKey().isEmpty() && !e.getKey().contains("/"), "npz: invalid key '%s'", e.getKey());
            byte[] npy = NpyFormat.encode(e.getValue());
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
     * @throws IOException if the file is missing or unreadable, is not a zip (e.g. truncated: the zip
     *     directory sits at the end), or an entry is corrupt (checksum), truncated, not {@code .npy}, or of an
     *     unsupported dtype; the message names the file and the entry
     */
    public static Map<String, INDArray> read(Path path) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String what = path + ": entry '" + entry.getName() + "'";
                if (!entry.getName().endsWith(".npy")) {
                    throw new IOException(what + " is not a .npy array");
                }
                byte[] bytes = readEntry(zip, entry, what);
                String key = entry.getName().substring(0, entry.getName().length() - ".npy".length());
                if (arrays.put(key, NpyFormat.decode(bytes, what)) != null) {
                    throw new IOException(what + " appears twice");
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(path + ": not a readable .npz (zip) archive, truncated or corrupt: "
                    + e.getMessage(), e);
        }
        return arrays;
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry entry, String what) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IOException(what + " is truncated or corrupt: " + e.getMessage(), e);
        }
        if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
            throw new IOException(what + " has " + bytes.length + " bytes, the archive directory says "
                    + entry.getSize() + " (truncated or corrupt)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
            throw new IOException(what + " is corrupt: CRC-32 " + Long.toHexString(crc.getValue())
                    + " differs from the archive's " + Long.toHexString(entry.getCrc()));
        }
        return bytes;
    }
}
