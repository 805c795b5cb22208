package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.assertBitIdentical;
import static dev.ndgrad.nn.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** save/load: a bit-exact round trip, and every damaged or mismatched file leaves the model bit-identical. */
class CheckpointTest {

    @TempDir
    Path dir;

    /** An MLP with batch norm whose running statistics have moved (so buffers are exercised too). */
    private static Module model(DataType dtype, long seed) {
        Module m = new Sequential(new Linear(4, 6, true, dtype, seed), new BatchNorm1d(6, 1e-5, 0.1, dtype),
                new ReLU(), new Linear(6, 3, true, dtype, seed + 1));
        m.forward(Tensor.randn(new Random(seed + 2), dtype, 5, 4));
        return m;
    }

    private static void writeNpz(Path file, Map<String, INDArray> arrays) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Npz.write(out, arrays);
        }
    }

    @Test
    void roundTripIsBitExactInEveryDtype() throws IOException {
        for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Module source = model(dtype, 1);
            Path file = dir.resolve("model-" + dtype + ".npz");
            source.save(file);
            Module target = model(dtype, 100);   // different weights and statistics
            Tensor weight = target.parameters().get(0);
            target.load(file);
            assertBitIdentical(snapshot(source), target);
            assertTrue(weight == target.parameters().get(0), "loaded into the same tensors");
            assertTrue(target.forward(Tensor.randn(new Random(9), dtype, 2, 4)).size() == 6);
        }
        // saving again over an existing file replaces it and leaves no temporary file behind
        Module other = model(DataType.FLOAT, 7);
        other.save(dir.resolve("model-FLOAT.npz"));
        Module check = model(DataType.FLOAT, 8);
        check.load(dir.resolve("model-FLOAT.npz"));
        assertBitIdentical(snapshot(other), check);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("model-DOUBLE.npz", "model-FLOAT.npz"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** Runs {@code load} on a damaged file: it must fail naming {@code expected}, and change nothing. */
    private static void assertRejected(Path file, String... expected) {
        Fixtures.assertLoadRefused(model(DataType.DOUBLE, 3), file, expected);
    }

    private Path saved() {
        Path file = dir.resolve("good.npz");
        model(DataType.DOUBLE, 1).save(file);
        return file;
    }

    private Path edited(Consumer<Map<String, INDArray>> edit) throws IOException {
        Map<String, INDArray> state = new LinkedHashMap<>(model(DataType.DOUBLE, 1).stateDict());
        edit.accept(state);
        Path file = dir.resolve("edited.npz");
        writeNpz(file, state);
        return file;
    }

    @Test
    void missingFile() {
        assertRejected(dir.resolve("nowhere.npz"), "no such file");
    }

    @Test
    void missingAndExtraNames() throws IOException {
        assertRejected(edited(s -> s.remove("1.running_var")), "missing: [1.running_var]");
        assertRejected(edited(s -> s.put("2.weight", Nd4j.zeros(DataType.DOUBLE, 2))), "unexpected: [2.weight]");
    }

    @Test
    void mismatchedShapeAndDtypeKind() throws IOException {
        assertRejected(edited(s -> s.put("0.weight", Nd4j.zeros(DataType.DOUBLE, 6, 5))),
                "0.weight: got DOUBLE[6, 5], the model has DOUBLE[6, 4]");
        assertRejected(edited(s -> s.put("0.weight", Nd4j.zeros(DataType.INT, 6, 4))),
                "0.weight: got INT[6, 4], the model has DOUBLE[6, 4]");
        assertRejected(edited(s -> s.put("1.num_batches_tracked", Nd4j.scalar(DataType.DOUBLE, 3))),
                "1.num_batches_tracked: got DOUBLE[], the model has LONG[]");
    }

    @Test
    void truncatedFiles() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        for (int keep : new int[] {0, 10, bytes.length / 2, bytes.length - 1}) {
            Path file = dir.resolve("truncated-" + keep + ".npz");
            Files.write(file, Arrays.copyOf(bytes, keep));
            assertRejected(file, "not a readable .npz");
        }
    }

    @Test
    void corruptBytes() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        // flip a byte inside the data of 0.weight (found by its exact encoding): the checksum catches it
        Module reference = model(DataType.DOUBLE, 1);
        byte[] npy = NpyFormat.encode(reference.stateDict().get("0.weight"));
        byte[] data = Arrays.copyOfRange(npy, npy.length - 8 * 24, npy.length);
        int at = indexOf(bytes, data) + 37;
        bytes[at] ^= 0x10;
        Path flipped = dir.resolve("flipped.npz");
        Files.write(flipped, bytes);
        assertRejected(flipped, "entry '0.weight.npy'", "CRC-32");

        Path garbage = dir.resolve("garbage.npz");
        byte[] noise = new byte[4096];
        new Random(5).nextBytes(noise);
        Files.write(garbage, noise);
        assertRejected(garbage, "not a readable .npz");
    }

    /** Valid zips whose entries are not what they claim: a truncated .npy, a non-.npy entry, a broken header. */
    @Test
    void malformedEntries() throws IOException {
        byte[] npy = NpyFormat.encode(Nd4j.zeros(DataType.DOUBLE, 6, 4));
        assertRejected(zipWith("0.weight.npy", Arrays.copyOf(npy, npy.length - 8)), "entry '0.weight.npy'",
                "truncated");
        assertRejected(zipWith("notes.txt", new byte[] {1, 2, 3}), "entry 'notes.txt' is not a .npy array");
        byte[] broken = npy.clone();
        broken[0] = 'X';
        assertRejected(zipWith("0.weight.npy", broken), "no \\x93NUMPY magic");
    }

    private Path zipWith(String name, byte[] content) throws IOException {
        Path file = dir.resolve("malformed.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            ZipEntry entry = new ZipEntry(name);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(content);
            zip.closeEntry();
        }
        return file;
    }

    @Test
    void saveFailsClearlyAndLeavesNothingBehind() throws IOException {
        Path missingDir = dir.resolve("no/such/dir/model.npz");
        var e = assertThrows(CheckpointException.class, () -> model(DataType.FLOAT, 1).save(missingDir));
        assertTrue(e.getMessage().contains("save") && e.getMessage().contains(missingDir.toString()), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    // ------------------------------------------------------------------ dtypes

    /** HALF and BFLOAT16 models save (float16; bfloat16 as float32) and load back bit for bit. */
    @Test
    void halfAndBfloat16ModelsRoundTripBitExactly() throws IOException {
        for (DataType dtype : List.of(DataType.HALF, DataType.BFLOAT16)) {
            Module source = model(DataType.DOUBLE, 1).to(dtype);
            Path file = dir.resolve("model-" + dtype + ".npz");
            source.save(file);
            Module target = model(DataType.DOUBLE, 100).to(dtype);
            target.load(file);
            assertBitIdentical(snapshot(source), target);
            assertEquals(dtype, target.parameters().get(0).dtype());
            DataType stored = Npz.read(file).get("0.weight").dataType();
            assertEquals(dtype == DataType.HALF ? DataType.HALF : DataType.FLOAT, stored);
            assertEquals(DataType.LONG, Npz.read(file).get("1.num_batches_tracked").dataType());
        }
    }

    /** A checkpoint of another floating dtype loads with a cast to the model's, as PyTorch's load_state_dict. */
    @Test
    void loadingCastsToTheModelsFloatingDtype() {
        Module doubles = model(DataType.DOUBLE, 1);
        Path file = dir.resolve("double.npz");
        doubles.save(file);
        for (DataType dtype : List.of(DataType.FLOAT, DataType.HALF, DataType.BFLOAT16)) {
            Module target = model(DataType.DOUBLE, 100).to(dtype);
            Tensor weight = target.parameters().get(0);
            target.load(file);
            assertSame(weight, target.parameters().get(0), "loaded into the same tensor");
            assertEquals(dtype, weight.dtype(), "the model keeps its dtype");
            // the same rounding as converting the DOUBLE model itself
            assertBitIdentical(snapshot(model(DataType.DOUBLE, 1).to(dtype)), target);
        }
        // and upwards: a FLOAT checkpoint into a DOUBLE model is exact
        Module floats = model(DataType.DOUBLE, 2).to(DataType.FLOAT);
        Path floatFile = dir.resolve("float.npz");
        floats.save(floatFile);
        Module wide = model(DataType.DOUBLE, 100);
        wide.load(floatFile);
        assertBitIdentical(snapshot(model(DataType.DOUBLE, 2).to(DataType.FLOAT).to(DataType.DOUBLE)), wide);
    }

    // ------------------------------------------------------------------ strict and non-strict loading

    @Test
    void nonStrictLoadReportsMissingAndUnexpectedKeysAndLoadsTheRest() throws IOException {
        Module source = model(DataType.DOUBLE, 1);
        Map<String, INDArray> state = new LinkedHashMap<>(source.stateDict());
        state.remove("3.bias");
        state.put("head.weight", Nd4j.zeros(DataType.DOUBLE, 2, 3));
        Module target = model(DataType.DOUBLE, 100);
        INDArray biasBefore = target.stateDict().get("3.bias");

        LoadResult result = target.loadStateDict(state, false);
        assertEquals(List.of("3.bias"), result.missingKeys());
        assertEquals(List.of("head.weight"), result.unexpectedKeys());
        assertFalse(result.isComplete());
        Map<String, INDArray> loaded = target.stateDict();
        assertEquals(biasBefore, loaded.get("3.bias"), "a missing key keeps its value");
        assertEquals(source.stateDict().get("0.weight"), loaded.get("0.weight"));

        // strict (the default) refuses the same state and changes nothing
        Module strict = model(DataType.DOUBLE, 100);
        Map<String, byte[]> before = snapshot(strict);
        var e = assertThrows(IllegalArgumentException.class, () -> strict.loadStateDict(state));
        assertTrue(e.getMessage().contains("missing: [3.bias]") && e.getMessage().contains("unexpected: [head.weight]"),
                e.getMessage());
        assertBitIdentical(before, strict);
        assertTrue(strict.loadStateDict(source.stateDict(), true).isComplete());

        // from a file, too
        Path file = dir.resolve("partial.npz");
        writeNpz(file, state);
        LoadResult fromFile = model(DataType.DOUBLE, 100).load(file, false);
        assertEquals(result, fromFile);
        assertRejected(file, "missing: [3.bias]", "unexpected: [head.weight]");
    }

    /** Non-strict is lenient about names only: a wrong shape still fails, and everything is checked first. */
    @Test
    void nonStrictLoadStillValidatesEverythingBeforeCopying() {
        Map<String, INDArray> state = new LinkedHashMap<>(model(DataType.DOUBLE, 1).stateDict());
        state.put("3.weight", Nd4j.zeros(DataType.DOUBLE, 3, 5));
        state.remove("0.bias");
        Module target = model(DataType.DOUBLE, 100);
        Map<String, byte[]> before = snapshot(target);
        var e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("3.weight: got DOUBLE[3, 5], the model has DOUBLE[3, 6]")
                && !e.getMessage().contains("missing"), e.getMessage());
        assertBitIdentical(before, target);
    }

    // ------------------------------------------------------------------ paths and permissions

    /** save("/") used to throw a bare NullPointerException; a directory is refused too; both name the path. */
    @Test
    void pathsThatNameNoFileAreClearErrors() {
        Module model = model(DataType.FLOAT, 1);
        var root = assertThrows(CheckpointException.class, () -> model.save(Path.of("/")));
        assertTrue(root.getMessage().startsWith("save /: the path names no file"), root.getMessage());
        var directory = assertThrows(CheckpointException.class, () -> model.save(dir));
        assertTrue(directory.getMessage().contains("save " + dir + ": is a directory"), directory.getMessage());
        var none = assertThrows(NullPointerException.class, () -> model.save(null));
        assertTrue(none.getMessage().contains("path is null"), none.getMessage());
    }

    /**
     * A new checkpoint gets the permissions of any new file (the umask decides, as for a file the process
     * creates itself), not 0600; one that replaces a file keeps that file's permissions.
     */
    @Test
    void checkpointsFollowTheUmaskAndKeepTheModeOfTheFileTheyReplace() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "skipped: not a POSIX file system");
        Path reference = Files.createFile(dir.resolve("reference"));
        Path file = dir.resolve("model.npz");
        model(DataType.FLOAT, 1).save(file);
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file));

        Set<PosixFilePermission> custom = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(file, custom);
        model(DataType.FLOAT, 2).save(file);
        assertEquals(custom, Files.getPosixFilePermissions(file));
    }
}
