package dev.ndgrad.nn;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The child process of {@link CheckpointCrashTest}: saves two checkpoints alternately over one file, in a loop,
 * until it is killed (or for a given number of saves).
 *
 * <p>usage: {@code CheckpointWriter A.npz B.npz TARGET WARMUP [SAVES]}. A and B are checkpoints written by
 * {@link Module#save}; their entries (the {@code .npy} bytes, which is all a save encodes from the arrays) are
 * read raw and written through the very code {@code save} runs, {@link Checkpoints#saveEncoded}: the zip writer
 * and the temporary-file, force and rename sequence, producing the same bytes. Skipping the arrays keeps ND4J
 * out of this process, so that it starts in a tenth of a second and two hundred of them can be killed in a
 * test. It first saves once to {@code WARMUP} (another file), so that class loading is over before it
 * prints {@code ready}: from then on its time goes to saves, where the kills must land. Then it prints
 * {@code saved <i> <A|B>} after each save to {@code TARGET} returns.
 */
public final class CheckpointWriter {

    private static final int WARMUP_SAVES = 1;

    private CheckpointWriter() {}

    public static void main(String[] args) throws IOException {
        Map<String, byte[]> a = entries(Path.of(args[0]));
        Map<String, byte[]> b = entries(Path.of(args[1]));
        Path target = Path.of(args[2]);
        Path warmup = Path.of(args[3]);
        long saves = args.length > 4 ? Long.parseLong(args[4]) : Long.MAX_VALUE;
        for (int i = 0; i < WARMUP_SAVES; i++) {
            Checkpoints.saveEncoded(i % 2 == 0 ? a : b, warmup);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("ready");
        for (long i = 0; i < saves; i++) {
            boolean writeB = i % 2 == 0;   // the target starts as A
            Checkpoints.saveEncoded(writeB ? b : a, target);
            out.println("saved " + i + " " + (writeB ? "B" : "A"));
        }
    }

    /** The raw {@code .npy} bytes of each entry, by key, in archive order. */
    static Map<String, byte[]> entries(Path npz) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                entries.put(e.getName().substring(0, e.getName().length() - ".npy".length()),
                        zip.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }
}
