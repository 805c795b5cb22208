package dev.ndgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The .npy/.npz format: header layout, bit-exact round trips, other layouts, errors, and numpy itself. */
@SuppressWarnings("deprecation")   // DataType.LONG/HALF: the dtypes ND4J actually creates
class NpyFormatTest {

    @TempDir
    Path dir;

    private static String header(byte[] npy) {
        int length = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        return new String(npy, 10, length, StandardCharsets.US_ASCII);
    }

    @Test
    void headerFollowsVersionOnePointZero() {
        byte[] npy = NpyFormat.encode(Nd4j.zeros(DataType.FLOAT, 3, 4));
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(npy, 8));
        String h = header(npy);
        assertTrue(h.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"), h);
        assertTrue(h.endsWith("\n"));
        assertEquals(0, (10 + h.length()) % 64, "data starts on a 64-byte boundary");
        assertEquals(10 + h.length() + 12 * 4, npy.length);
        assertTrue(header(NpyFormat.encode(Nd4j.zeros(DataType.DOUBLE, 7))).contains("'<f8'"));
        assertTrue(header(NpyFormat.encode(Nd4j.zeros(DataType.DOUBLE, 7))).contains("'shape': (7,)"));
        assertTrue(header(NpyFormat.encode(Nd4j.scalar(DataType.LONG, 3))).contains("'descr': '<i8', "
                + "'fortran_order': False, 'shape': ()"));
    }

    @Test
    void everyDtypeAndRankRoundTripsBitExactly() throws IOException {
        float[] f = {1.5f, -0.0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, -3e-20f};
        double[] d = {Math.PI, -0.0, Double.NaN, Double.MIN_VALUE, -1e300, 1};
        List<INDArray> arrays = List.of(
                Nd4j.create(f, new long[] {2, 3}, DataType.FLOAT),
                Nd4j.create(d, new long[] {3, 1, 2}, DataType.DOUBLE),
                Nd4j.create(d, new long[] {6}, DataType.DOUBLE),
                Nd4j.createFromArray(new int[] {7, -8, Integer.MAX_VALUE}),
                Nd4j.createFromArray(new long[] {Long.MIN_VALUE, 0, 42}),
                Nd4j.scalar(DataType.DOUBLE, 2.5),
                Nd4j.zeros(DataType.FLOAT, 0, 3),
                Nd4j.create(d, new long[] {2, 3}, DataType.DOUBLE).transpose());   // an 'f'-ordered view
        for (INDArray a : arrays) {
            INDArray back = NpyFormat.decode(NpyFormat.encode(a), "test");
            assertEquals(a.dataType(), back.dataType());
            assertArrayEquals(a.shape(), back.shape());
            assertArrayEquals(NpyFormat.encode(a), NpyFormat.encode(back), Arrays.toString(a.shape()));
        }
        INDArray view = arrays.get(7);
        assertEquals(view.getDouble(1, 0), NpyFormat.decode(NpyFormat.encode(view), "t").getDouble(1, 0));
    }

    /** Builds a .npy by hand, as numpy would write a Fortran-ordered big-endian array. */
    @Test
    void readsFortranOrderAndBigEndian() throws IOException {
        String dict = "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }";
        String padded = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(128 + 6 * 8);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) padded.length(), 0});
        b.put(padded.getBytes(StandardCharsets.US_ASCII));
        b.order(ByteOrder.BIG_ENDIAN);
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) {   // column by column
            b.putDouble(v);
        }
        INDArray a = NpyFormat.decode(b.array(), "fortran");
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Fixtures.values(a));
        assertArrayEquals(new long[] {2, 3}, a.shape());
    }

    @Test
    void malformedArraysAreClearErrors() {
        byte[] good = NpyFormat.encode(Nd4j.zeros(DataType.FLOAT, 2, 2));
        var truncated = assertThrows(IOException.class,
                () -> NpyFormat.decode(Arrays.copyOf(good, good.length - 3), "w.npy"));
        assertTrue(truncated.getMessage().contains("w.npy") && truncated.getMessage().contains("truncated")
                && truncated.getMessage().contains("needs 16 bytes, the entry has 13"), truncated.getMessage());
        byte[] complex = good.clone();
        System.arraycopy("'<c8'".getBytes(StandardCharsets.US_ASCII), 0, complex, 20, 5);
        var dtype = assertThrows(IOException.class, () -> NpyFormat.decode(complex, "c"));
        assertTrue(dtype.getMessage().contains("unsupported dtype '<c8'"), dtype.getMessage());
        var magic = assertThrows(IOException.class, () -> NpyFormat.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                "junk"));
        assertTrue(magic.getMessage().contains("magic"), magic.getMessage());
        var unsupported = assertThrows(IllegalArgumentException.class,
                () -> NpyFormat.encode(Nd4j.zeros(DataType.SHORT, 2)));
        assertTrue(unsupported.getMessage().contains("SHORT is not supported"), unsupported.getMessage());
    }

    @Test
    void npzKeepsKeysAndOrder() throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("b.weight", Nd4j.rand(DataType.FLOAT, 3, 2));
        arrays.put("a", Nd4j.scalar(DataType.LONG, 5));
        Path file = dir.resolve("x.npz");
        try (OutputStream out = Files.newOutputStream(file)) {
            Npz.write(out, arrays);
        }
        Map<String, INDArray> back = Npz.read(file);
        assertEquals(List.of("b.weight", "a"), List.copyOf(back.keySet()));
        assertArrayEquals(NpyFormat.encode(arrays.get("b.weight")), NpyFormat.encode(back.get("b.weight")));
    }

    /** numpy.load reads what ndgrad writes; ndgrad reads what numpy writes (stored, deflated, Fortran, big-endian). */
    @Test
    void numpyReadsAndWritesTheSameFiles() throws Exception {
        PythonScripts.assumeModule("numpy", "apt-get install -y python3-numpy");
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("0.weight", Nd4j.create(new float[] {1.5f, -2, 3, 0.25f, 5, 6}, new long[] {2, 3}, DataType.FLOAT));
        arrays.put("0.bias", Nd4j.createFromArray(0.1, -0.2, Math.PI));
        arrays.put("norm.num_batches_tracked", Nd4j.scalar(DataType.LONG, 7));
        arrays.put("cube", Nd4j.createFromArray(new int[] {1, 2, 3, 4, 5, 6, 7, 8}).reshape(2, 2, 2));
        Path file = dir.resolve("model.npz");
        try (OutputStream out = Files.newOutputStream(file)) {
            Npz.write(out, arrays);
        }
        String printed = PythonScripts.run("npz_roundtrip.py", dir, file.toString(), dir.toString());
        assertPrinted(printed, "0.weight <f4 [2, 3]", 13.75);
        assertPrinted(printed, "0.bias <f8 [3]", 0.1 - 0.2 + Math.PI);
        assertPrinted(printed, "norm.num_batches_tracked <i8 []", 7);
        assertPrinted(printed, "cube <i4 [2, 2, 2]", 36);
        for (String written : List.of("plain.npz", "compressed.npz", "fortran.npz")) {
            Map<String, INDArray> back = Npz.read(dir.resolve(written));
            assertEquals(arrays.keySet(), back.keySet(), written);
            arrays.forEach((k, v) -> assertArrayEquals(NpyFormat.encode(v), NpyFormat.encode(back.get(k)),
                    written + " " + k));
        }
    }

    /** A line {@code key dtype shape sum} printed by the script. */
    private static void assertPrinted(String printed, String keyDtypeShape, double sum) {
        String line = printed.lines().filter(l -> l.startsWith(keyDtypeShape + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + keyDtypeShape + "' in:\n" + printed));
        assertEquals(sum, Double.parseDouble(line.substring(keyDtypeShape.length() + 1)), 1e-12, line);
    }

    /** HALF is NumPy's float16 ({@code <f2}), bit for bit; BFLOAT16 is written as float32, which holds it exactly. */
    @Test
    void halfIsFloat16AndBfloat16IsWrittenAsFloat32() throws IOException {
        float[] values = {1.5f, -0.0f, 65504f, 0x1p-24f, -2f, Float.POSITIVE_INFINITY, 0.1f};
        INDArray half = Nd4j.create(values, new long[] {7}, DataType.HALF);
        byte[] npy = NpyFormat.encode(half);
        assertTrue(header(npy).contains("'descr': '<f2'"), header(npy));
        INDArray back = NpyFormat.decode(npy, "half");
        assertEquals(DataType.HALF, back.dataType());
        assertArrayEquals(half.data().asFloat(), back.data().asFloat());
        assertArrayEquals(npy, NpyFormat.encode(back));

        INDArray bf16 = Nd4j.create(values, new long[] {7}, DataType.BFLOAT16);
        byte[] wide = NpyFormat.encode(bf16);
        assertTrue(header(wide).contains("'descr': '<f4'"), header(wide));
        INDArray asFloat = NpyFormat.decode(wide, "bf16");
        assertEquals(DataType.FLOAT, asFloat.dataType());
        assertArrayEquals(bf16.data().asFloat(), asFloat.data().asFloat(), "every bfloat16 is a float32");
        assertArrayEquals(NpyFormat.encode(bf16), NpyFormat.encode(asFloat.castTo(DataType.BFLOAT16)),
                "cast back, bit for bit");
    }

    /** Every one of the 65,536 half bit patterns goes to float and back unchanged (NaNs stay NaN). */
    @Test
    void everyHalfRoundTripsThroughFloat() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float f = Float16.toFloat((short) bits);
            short back = Float16.fromFloat(f);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float16.toFloat(back)), Integer.toHexString(bits));
            } else {
                assertEquals((short) bits, back, Integer.toHexString(bits));
            }
        }
        // Known values (IEEE 754 binary16) and round-to-nearest-even between halves.
        assertEquals(1.0f, Float16.toFloat((short) 0x3c00));
        assertEquals(65504f, Float16.toFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));
        assertEquals((short) 0x3c00, Float16.fromFloat(1 + 0x1p-11f), "a tie goes to the even neighbour 1.0");
        assertEquals((short) 0x3c02, Float16.fromFloat(1 + 3 * 0x1p-11f), "a tie goes to the even neighbour");
        assertEquals((short) 0x7bff, Float16.fromFloat(65519f));
        assertEquals((short) 0x7c00, Float16.fromFloat(65520f), "overflows to infinity");
        assertEquals((short) 0x0000, Float16.fromFloat(0x1p-25f), "half the smallest subnormal: a tie, to zero");
        assertEquals((short) 0x0400, Float16.fromFloat(0x1p-14f - 0x1p-26f), "rounds up into the normals");
    }

    /** numpy reads HALF as float16 and BFLOAT16 as float32, with the same values. */
    @Test
    void numpyReadsHalfAndBfloat16() throws Exception {
        PythonScripts.assumeModule("numpy", "apt-get install -y python3-numpy");
        float[] values = {1.5f, -2f, 0.25f, 100f};   // numpy sums float16 in float16: a sum it holds exactly
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("half", Nd4j.create(values, new long[] {2, 2}, DataType.HALF));
        arrays.put("bf16", Nd4j.create(values, new long[] {4}, DataType.BFLOAT16));
        Path file = dir.resolve("narrow.npz");
        try (OutputStream out = Files.newOutputStream(file)) {
            Npz.write(out, arrays);
        }
        String printed = PythonScripts.run("npz_roundtrip.py", dir, file.toString(), dir.toString());
        double halfSum = 0;
        for (float v : arrays.get("half").data().asFloat()) {
            halfSum += v;
        }
        double bf16Sum = 0;
        for (float v : arrays.get("bf16").data().asFloat()) {
            bf16Sum += v;
        }
        assertPrinted(printed, "half <f2 [2, 2]", halfSum);
        assertPrinted(printed, "bf16 <f4 [4]", bf16Sum);
        Map<String, INDArray> back = Npz.read(dir.resolve("compressed.npz"));
        assertArrayEquals(NpyFormat.encode(arrays.get("half")), NpyFormat.encode(back.get("half")));
    }
}
