package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Hostile {@code .npz} files ("zip bombs"): each is refused with a {@link CheckpointException} (or, from
 * {@link Npz#read}, an {@link IOException}) that says why, before its data is read into memory, and the
 * model is left unchanged. The first one is the 1 MB file that inflates to 1 GiB which made {@code load}
 * run out of memory.
 */
class NpzBombTest {

    private static final long GIB = 1L << 30;

    @TempDir
    static Path dir;

    /** 1 MB on disk, 1 GiB inflated: a valid .npy of 2^27 zeros, named like a parameter. */
    private static Path gigabyteOfZeros;

    @BeforeAll
    static void forgeTheBomb() throws IOException {
        byte[] header = ForgedZip.npyHeader("<f8", GIB / 8);
        gigabyteOfZeros = dir.resolve("bomb.npz");
        new ForgedZip().add(ForgedZip.deflatedZeros("weight.npy", header, GIB, header.length + GIB))
                .writeTo(gigabyteOfZeros);
    }

    private static Linear model() {
        return new Linear(4, 6, false, DataType.DOUBLE, 1);
    }

    /** Loads {@code file} into a fresh model: it must fail naming the file and every fact, and change nothing. */
    private static void assertRefused(Path file, String... facts) {
        Fixtures.assertLoadRefused(model(), file, facts);
    }

    @Test
    void theGigabyteBombIsAboutOneMegabyte() throws IOException {
        long size = Files.size(gigabyteOfZeros);
        assertTrue(size > 900_000 && size < 1_200_000, "forged bomb of " + size + " bytes");
    }

    /** The shape in the header does not fit the model: refused from the header, the GiB is never inflated. */
    @Test
    void aBombThatDoesNotFitTheModelIsRefusedFromItsHeader() {
        assertRefused(gigabyteOfZeros, "weight: got DOUBLE[134217728], the model has DOUBLE[6, 4]");
    }

    /** Read without a model, its data must fit in the memory available: checked before allocating. */
    @Test
    void aBombLargerThanTheFreeMemoryIsRefusedBeforeAllocating() throws IOException {
        try (NpzArchive archive = NpzArchive.open(gigabyteOfZeros, () -> 256L << 20)) {
            var e = assertThrows(IOException.class, () -> archive.read("weight"));
            assertTrue(e.getMessage().contains("entry 'weight.npy'") && e.getMessage().contains("needs 2,147,483,648 "
                    + "bytes of memory, only 268,435,456 are free"), e.getMessage());
        }
    }

    /**
     * The original failure, in a JVM whose heap is smaller than the bomb: {@code Npz.read} used to throw
     * OutOfMemoryError there; now it refuses the file with an IOException before allocating its data.
     */
    @Test
    void inASmallHeapTheBombIsAnIOExceptionNotAnOutOfMemoryError() throws Exception {
        Process child = ChildJvm.command(NpzReadChild.class,
                List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"), gigabyteOfZeros.toString()).redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.startsWith("IOException: " + gigabyteOfZeros + ": entry 'weight.npy': reading its "
                + "<f8[134217728] needs 2,147,483,648 bytes of memory, only "), output);
    }

    /**
     * The directory declares the 320 bytes the model expects, the data inflates to a GiB: reading stops one
     * byte past the declared size.
     */
    @Test
    void anEntryThatInflatesPastItsDeclaredSizeIsCutOff() throws IOException {
        byte[] header = ForgedZip.npyHeader("<f8", 6, 4);
        Path file = dir.resolve("liar.npz");
        new ForgedZip().add(ForgedZip.deflatedZeros("weight.npy", header, GIB, header.length + 6 * 4 * 8))
                .writeTo(file);
        assertRefused(file, "entry 'weight.npy' inflates to more than the 320 bytes the archive directory declares");
    }

    /** A header that declares more data than the entry holds is refused when the archive is opened. */
    @Test
    void aHeaderThatDeclaresMoreThanItsEntryIsRefused() throws IOException {
        byte[] header = ForgedZip.npyHeader("<f8", 100_000_000);
        Path file = dir.resolve("header.npz");
        new ForgedZip().add(ForgedZip.stored("weight.npy", header)).writeTo(file);
        assertRefused(file, "its .npy header declares <f8[100000000], 800000128 bytes with the header, but the "
                + "archive directory declares 128");

        byte[] absurd = ForgedZip.npyHeader("<f8", 1L << 40, 1L << 40);
        Path huge = dir.resolve("huge.npz");
        new ForgedZip().add(ForgedZip.stored("weight.npy", absurd)).writeTo(huge);
        assertRefused(huge, "declares more than 2147483639 bytes of data");
    }

    /** Many directory records pointing at the same data (the overlapping-entries bomb). */
    @Test
    void overlappingEntriesAreRefused() throws IOException {
        byte[] header = ForgedZip.npyHeader("<f8", 1 << 17);
        Path file = dir.resolve("overlap.npz");
        new ForgedZip().add(ForgedZip.deflatedZeros("weight.npy", header, 1 << 20, header.length + (1 << 20)))
                .overlapping(1000).writeTo(file);
        assertRefused(file, "compressed sizes add up to more than the file's " + Files.size(file) + " bytes");
    }

    /** A size that DEFLATE cannot produce from so few bytes, or a stored entry whose sizes differ. */
    @Test
    void declaredSizesThatCannotBeTrueAreRefused() throws IOException {
        byte[] header = ForgedZip.npyHeader("<f8", 6, 4);
        Path ratio = dir.resolve("ratio.npz");
        new ForgedZip().add(ForgedZip.deflatedZeros("weight.npy", header, 192, 0xFFFF_FFF0L)).writeTo(ratio);
        assertRefused(ratio, "more than DEFLATE can expand to (at most 1032:1)");

        Path stored = dir.resolve("stored.npz");
        byte[] content = new byte[64];
        new ForgedZip().add(new ForgedZip.Entry("weight.npy", ZipEntry.STORED, content, 0, 1_000_000)).writeTo(stored);
        assertRefused(stored, "is stored uncompressed, yet declares 1000000 bytes in 64");
    }

    /** A header-length field of 4 GiB (format 2.0) is refused without reading or allocating the header. */
    @Test
    void aHugeHeaderLengthIsRefused() throws IOException {
        byte[] npy = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        Path file = dir.resolve("header-length.npz");
        new ForgedZip().add(ForgedZip.stored("weight.npy", npy)).writeTo(file);
        assertRefused(file, ".npy header of 4294967280 bytes is longer than the 65536 this reader accepts");
    }

    /** The public reader refuses the bomb too, and an honest archive of the same shape still loads. */
    @Test
    void npzReadRefusesBombsAndKeepsReadingHonestFiles() throws IOException {
        Path file = dir.resolve("liar.npz");
        byte[] header = ForgedZip.npyHeader("<f8", 6, 4);
        new ForgedZip().add(ForgedZip.deflatedZeros("weight.npy", header, GIB, header.length + 6 * 4 * 8))
                .writeTo(file);
        var e = assertThrows(IOException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().contains("inflates to more than"), e.getMessage());

        Path honest = dir.resolve("honest.npz");
        new ForgedZip().add(ForgedZip.deflatedZeros("weight.npy", header, 6 * 4 * 8, header.length + 6 * 4 * 8))
                .writeTo(honest);
        Linear model = model();
        model.load(honest);
        assertEquals(0.0, model.parameters().get(0).data().sumNumber().doubleValue());
        assertEquals(0.0, model.parameters().get(0).data().norm2Number().doubleValue());
    }
}
