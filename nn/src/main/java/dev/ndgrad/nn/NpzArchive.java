package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@code .npz} open for reading, in two steps so that a hostile file (a "zip bomb") is refused before
 * anything large is allocated:
 *
 * <ol>
 *   <li>{@link #open} checks what every entry <em>declares</em> and reads only the small {@code .npy} headers:
 *       the compressed sizes add up to no more than the file (entries that overlap, the trick of the best
 *       known zip bombs, claim more); a stored entry's size equals its compressed size; a deflated entry
 *       declares no more than DEFLATE can expand its compressed bytes to ({@value #MAX_DEFLATE_RATIO}:1); and
 *       the header's shape × dtype width plus the header is exactly the entry's declared size.
 *   <li>{@link #read} then reads one array, after checking that its data fits in the memory available, through
 *       a stream that fails as soon as an entry inflates past its declared size, and checks the CRC-32.
 * </ol>
 *
 * <p>So the bytes read into memory never exceed what the archive directory and the headers declare, and
 * those never exceed what the file size allows. Between the steps a caller can compare the {@link #specs}
 * with what it expects (a model's parameters) and refuse a mismatched file without reading its data.
 */
final class NpzArchive implements Closeable {

    /**
     * DEFLATE's largest expansion: a 258-byte match costs at least about two bits, so one compressed byte
     * yields at most about 1032 bytes.
     */
    static final long MAX_DEFLATE_RATIO = 1032;

    private final ZipFile zip;
    private final Map<String, Entry> entries;
    private final LongSupplier memoryAvailable;

    /** One {@code .npy} entry: its directory record, its header, and its name for messages. */
    private record Entry(ZipEntry zipEntry, NpyFormat.Header header, String what) {}

    private NpzArchive(ZipFile zip, Map<String, Entry> entries, LongSupplier memoryAvailable) {
        this.zip = zip;
        this.entries = entries;
        this.memoryAvailable = memoryAvailable;
    }

    /** Opens {@code path}, with the free Java heap as the memory an array may take. */
    static NpzArchive open(Path path) throws IOException {
        return open(path, NpzArchive::freeHeap);
    }

    /**
     * Opens {@code path} and checks every entry's declared sizes and {@code .npy} header (see the class
     * comment); no array data is read.
     *
     * @param memoryAvailable the bytes {@link #read} may allocate for one array, asked at each read
     * @throws IOException naming the file and the entry, if the file is missing, not a zip, or an entry is not
     *     {@code .npy}, appears twice, or declares sizes that do not add up
     */
    static NpzArchive open(Path path, LongSupplier memoryAvailable) throws IOException {
        long fileSize = Files.size(path);
        ZipFile zip = openZip(path);
        try {
            Map<String, Entry> entries = new LinkedHashMap<>();
            long compressedTotal = 0;
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry zipEntry = all.nextElement();
                String what = path + ": entry '" + zipEntry.getName() + "'";
                if (!zipEntry.getName().endsWith(".npy")) {
                    throw new IOException(what + " is not a .npy array");
                }
                checkDeclaredSizes(zipEntry, what);
                compressedTotal += zipEntry.getCompressedSize();
                if (compressedTotal > fileSize) {
                    throw new IOException(path + ": its entries' compressed sizes add up to more than the file's "
                            + fileSize + " bytes (entries that overlap: a zip bomb, or a corrupt directory)");
                }
                NpyFormat.Header header = readHeader(zip, zipEntry, what);
                long declared = header.headerBytes() + header.dataBytes();
                if (declared != zipEntry.getSize()) {
                    throw new IOException(String.format("%s: its .npy header declares %s, %d bytes with the header, "
                            + "but the archive directory declares %d (truncated, corrupt or forged)", what,
                            header.describe(), declared, zipEntry.getSize()));
                }
                String key = zipEntry.getName().substring(0, zipEntry.getName().length() - ".npy".length());
                if (entries.put(key, new Entry(zipEntry, header, what)) != null) {
                    throw new IOException(what + " appears twice");
                }
            }
            return new NpzArchive(zip, entries, memoryAvailable);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static ZipFile openZip(Path path) throws IOException {
        try {
            return new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new IOException(path + ": not a readable .npz (zip) archive, truncated or corrupt: "
                    + e.getMessage(), e);
        }
    }

    private static void checkDeclaredSizes(ZipEntry entry, String what) throws IOException {
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0 || compressed < 0) {
            throw new IOException(what + ": the archive directory does not declare its size");
        }
        switch (entry.getMethod()) {
            case ZipEntry.STORED -> {
                if (size != compressed) {
                    throw new IOException(what + " is stored uncompressed, yet declares " + size + " bytes in "
                            + compressed + " (corrupt or forged)");
                }
            }
            case ZipEntry.DEFLATED -> {
                if (size > compressed * MAX_DEFLATE_RATIO) {
                    throw new IOException(what + " declares " + size + " bytes from " + compressed
                            + " compressed bytes, more than DEFLATE can expand to (at most " + MAX_DEFLATE_RATIO
                            + ":1): a zip bomb, or a corrupt directory");
                }
            }
            default -> throw new IOException(what + ": unsupported compression method " + entry.getMethod()
                    + " (stored or deflated, as numpy.savez and savez_compressed write)");
        }
    }

    private static NpyFormat.Header readHeader(ZipFile zip, ZipEntry entry, String what) throws IOException {
        try (InputStream in = new BoundedInputStream(zip.getInputStream(entry), entry.getSize(), what)) {
            return NpyFormat.readHeader(in, what);
        } catch (EOFException | ZipException e) {
            throw new IOException(what + " is truncated or corrupt: " + e.getMessage(), e);
        }
    }

    /** The keys (entry names without {@code .npy}), in archive order. */
    Set<String> keys() {
        return entries.keySet();
    }

    /** Each array's dtype and shape as its header declares them, in archive order; no data is read. */
    Map<String, ArraySpec> specs() {
        Map<String, ArraySpec> specs = new LinkedHashMap<>();
        entries.forEach((key, e) -> specs.put(key, new ArraySpec(e.header().dtype(), e.header().shape())));
        return specs;
    }

    /**
     * Reads the array under {@code key}.
     *
     * @throws IOException naming the entry, if its data would need more memory than is available, it is
     *     truncated, it inflates past its declared size, or its CRC-32 differs from the directory's
     */
    INDArray read(String key) throws IOException {
        Entry entry = entries.get(key);
        checkArgument(entry != null, "npz: no entry '%s'", key);
        // The raw bytes, then the typed copy the array is made from.
        long needed = 2 * entry.header().dataBytes();
        long available = memoryAvailable.getAsLong();
        if (needed > available) {
            throw new IOException(String.format("%s: reading its %s needs %,d bytes of memory, only %,d are free "
                    + "(a zip bomb, or raise -Xmx if the file is trusted)", entry.what(), entry.header().describe(),
                    needed, available));
        }
        CRC32 crc = new CRC32();
        try (InputStream in = new CheckedInputStream(
                new BoundedInputStream(zip.getInputStream(entry.zipEntry()), entry.zipEntry().getSize(), entry.what()),
                crc)) {
            NpyFormat.Header again = NpyFormat.readHeader(in, entry.what());
            if (!again.describe().equals(entry.header().describe())) {
                throw new IOException(entry.what() + " changed while being read");
            }
            INDArray array = NpyFormat.readData(entry.header(), in, entry.what());
            if (in.read() != -1) {
                throw new IOException(entry.what() + " has trailing bytes after its data");
            }
            if (entry.zipEntry().getCrc() >= 0 && crc.getValue() != entry.zipEntry().getCrc()) {
                throw new IOException(entry.what() + " is corrupt: CRC-32 " + Long.toHexString(crc.getValue())
                        + " differs from the archive's " + Long.toHexString(entry.zipEntry().getCrc()));
            }
            return array;
        } catch (EOFException | ZipException e) {
            throw new IOException(entry.what() + " is truncated or corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** The Java heap not in use now (garbage included, so a conservative estimate). */
    private static long freeHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /**
     * Passes at most {@code limit} bytes of an entry; a byte beyond the limit is an error, found by reading one
     * byte, so an entry that inflates past its declared size is never read into memory.
     */
    private static final class BoundedInputStream extends FilterInputStream {
        private final long limit;
        private final String what;
        private long remaining;

        BoundedInputStream(InputStream in, long limit, String what) {
            super(in);
            this.limit = limit;
            this.what = what;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && remaining-- == 0) {
                throw exceeded();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (remaining == 0) {
                return read() < 0 ? -1 : 0;   // read() throws if there is more
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        private IOException exceeded() {
            return new IOException(what + " inflates to more than the " + limit + " bytes the archive directory "
                    + "declares (a zip bomb, or a corrupt entry)");
        }
    }
}
