package dev.ndgrad.nn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

/**
 * Zip archives written byte by byte, so that their directories can say what a hostile file would say
 * (sizes that lie, entries that overlap): {@code ZipOutputStream} only writes honest archives. Also builds
 * the DEFLATE stream of a zip bomb (gigabytes of zeros in about a thousandth of the size) without
 * compressing gigabytes.
 */
final class ForgedZip {

    private static final int MIB = 1 << 20;

    /** One entry's local record: its name, method, compressed bytes and what its directory record declares. */
    record Entry(String name, int method, byte[] data, long crc, long declaredSize) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> aliases = new ArrayList<>();

    /** Adds an entry whose directory record declares {@code declaredSize} uncompressed bytes and {@code crc}. */
    ForgedZip add(Entry entry) {
        entries.add(entry);
        return this;
    }

    /** Adds {@code count} more directory records that all point at the first entry's data (overlapping entries). */
    ForgedZip overlapping(int count) {
        for (int i = 0; i < count; i++) {
            aliases.add("alias" + i + ".npy");
        }
        return this;
    }

    void writeTo(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> offsets = new ArrayList<>();
        for (Entry e : entries) {
            offsets.add((long) out.size());
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer local = le(30).putInt(0x04034b50).putShort((short) 20).putShort((short) 0)
                    .putShort((short) e.method()).putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc())
                    .putInt(e.data().length).putInt((int) e.declaredSize()).putShort((short) name.length)
                    .putShort((short) 0);
            out.write(local.array());
            out.write(name);
            out.write(e.data());
        }
        long directoryStart = out.size();
        int records = 0;
        for (int i = 0; i < entries.size(); i++) {
            writeDirectoryRecord(out, entries.get(i), entries.get(i).name(), offsets.get(i));
            records++;
        }
        for (String alias : aliases) {
            writeDirectoryRecord(out, entries.get(0), alias, offsets.get(0));
            records++;
        }
        long directorySize = out.size() - directoryStart;
        ByteBuffer end = le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) records)
                .putShort((short) records).putInt((int) directorySize).putInt((int) directoryStart).putShort((short) 0);
        out.write(end.array());
        Files.write(file, out.toByteArray());
    }

    private static void writeDirectoryRecord(ByteArrayOutputStream out, Entry e, String nameText, long offset)
            throws IOException {
        byte[] name = nameText.getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = le(46).putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                .putShort((short) e.method()).putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc())
                .putInt(e.data().length).putInt((int) e.declaredSize()).putShort((short) name.length)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) offset);
        out.write(record.array());
        out.write(name);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ------------------------------------------------------------------ entries

    /** A stored (uncompressed) entry that tells the truth. */
    static Entry stored(String name, byte[] content) {
        return new Entry(name, ZipEntry.STORED, content, crc(content, 0), content.length);
    }

    /**
     * A deflated entry holding {@code prefix} then {@code zeros} zero bytes, with its true CRC; its directory
     * declares {@code declaredSize} bytes (the truth is {@code prefix.length + zeros}).
     */
    static Entry deflatedZeros(String name, byte[] prefix, long zeros, long declaredSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flushed(prefix));
        // Each block ends with a full flush (byte-aligned, no reference back), so one compressed MiB of zeros can
        // be repeated: that is how a 1 MB file inflates to a GiB without anyone compressing a GiB.
        byte[] mebibyte = flushed(new byte[MIB]);
        for (long i = 0; i < zeros / MIB; i++) {
            out.write(mebibyte);
        }
        out.write(flushed(new byte[(int) (zeros % MIB)]));
        Deflater last = new Deflater(Deflater.BEST_COMPRESSION, true);
        last.finish();
        byte[] end = new byte[64];
        int n = last.deflate(end);
        last.end();
        out.write(end, 0, n);
        return new Entry(name, ZipEntry.DEFLATED, out.toByteArray(), crc(prefix, zeros), declaredSize);
    }

    private static byte[] flushed(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
        deflater.end();
        return out.toByteArray();
    }

    private static long crc(byte[] prefix, long zeros) {
        CRC32 crc = new CRC32();
        crc.update(prefix);
        byte[] block = new byte[MIB];
        for (long left = zeros; left > 0; left -= MIB) {
            crc.update(block, 0, (int) Math.min(MIB, left));
        }
        return crc.getValue();
    }

    /** The {@code .npy} header (version 1.0) of an array of {@code descr} and {@code shape}, without data. */
    static byte[] npyHeader(String descr, long... shape) {
        StringBuilder tuple = new StringBuilder("(");
        for (long d : shape) {
            tuple.append(d).append(", ");
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + "), }";
        int padding = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] text = (dict + " ".repeat(padding) + "\n").getBytes(StandardCharsets.US_ASCII);
        return le(10 + text.length).put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
                .putShort((short) text.length).put(text).array();
    }
}
