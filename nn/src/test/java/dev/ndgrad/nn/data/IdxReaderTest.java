package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** An IDX file: magic 00 00 type rank, big-endian dimensions, then the payload written by {@code values}. */
    static byte[] idx(int type, int[] dims, IoConsumer values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int dim : dims) {
            out.writeInt(dim);
        }
        values.accept(out);
        out.flush();
        return bytes.toByteArray();
    }

    interface IoConsumer {
        void accept(DataOutputStream out) throws IOException;
    }

    static void writeGzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    private static INDArray read(byte[] content) {
        return IdxReader.read(new ByteArrayInputStream(content), "mem.idx");
    }

    @Test
    void readsGzippedUnsignedBytesWithTheirShape() throws IOException {
        Path file = dir.resolve("images-idx3-ubyte.gz");
        writeGzip(file, idx(0x08, new int[] {2, 2, 3}, out -> {
            for (int v : new int[] {0, 1, 127, 128, 200, 255, 9, 8, 7, 6, 5, 4}) {
                out.writeByte(v);
            }
        }));
        INDArray a = IdxReader.read(file);
        assertEquals(DataType.UINT8, a.dataType());
        assertArrayEquals(new long[] {2, 2, 3}, a.shape());
        assertArrayEquals(new double[] {0, 1, 127, 128, 200, 255, 9, 8, 7, 6, 5, 4},
                a.castTo(DataType.DOUBLE).reshape(12).toDoubleVector());
    }

    @Test
    void readsEveryElementTypeBigEndian() throws IOException {
        assertArrayEquals(new double[] {-128, -1, 127}, read(idx(0x09, new int[] {3}, out -> {
            out.writeByte(-128);
            out.writeByte(-1);
            out.writeByte(127);
        })).castTo(DataType.DOUBLE).toDoubleVector());
        assertArrayEquals(new double[] {-300, 300}, read(idx(0x0B, new int[] {2}, out -> {
            out.writeShort(-300);
            out.writeShort(300);
        })).castTo(DataType.DOUBLE).toDoubleVector());
        INDArray ints = read(idx(0x0C, new int[] {1, 2}, out -> {
            out.writeInt(70000);
            out.writeInt(-5);
        }));
        assertEquals(DataType.INT32, ints.dataType());
        assertArrayEquals(new long[] {1, 2}, ints.shape());
        assertArrayEquals(new double[] {70000, -5}, ints.castTo(DataType.DOUBLE).reshape(2).toDoubleVector());
        assertArrayEquals(new float[] {1.5f, -2.25f}, read(idx(0x0D, new int[] {2}, out -> {
            out.writeFloat(1.5f);
            out.writeFloat(-2.25f);
        })).toFloatVector());
        assertArrayEquals(new double[] {Math.PI}, read(idx(0x0E, new int[] {1}, out -> out.writeDouble(Math.PI)))
                .toDoubleVector());
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        var magic = assertThrows(IllegalArgumentException.class, () -> read(new byte[] {1, 0, 8, 1, 0, 0, 0, 0}));
        assertTrue(magic.getMessage().contains("mem.idx does not start with the IDX magic"), magic.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> read(idx(0x07, new int[] {1}, out -> { })));
        assertTrue(type.getMessage().contains("unknown element type 0x07"), type.getMessage());
        var truncated = assertThrows(IllegalArgumentException.class,
                () -> read(idx(0x08, new int[] {2, 3}, out -> out.write(new byte[5]))));
        assertTrue(truncated.getMessage().contains("truncated: shape [2, 3] needs 6 bytes"), truncated.getMessage());
        var trailing = assertThrows(IllegalArgumentException.class,
                () -> read(idx(0x08, new int[] {2}, out -> out.write(new byte[3]))));
        assertTrue(trailing.getMessage().contains("bytes after"), trailing.getMessage());
        var header = assertThrows(IllegalArgumentException.class, () -> read(new byte[] {0, 0, 8}));
        assertTrue(header.getMessage().contains("ends inside the header"), header.getMessage());
    }

    @Test
    void idxImagesBecomeScaledRowsWithLabels() throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
        writeGzip(images, idx(0x08, new int[] {3, 2, 2}, out -> {
            for (int i = 0; i < 12; i++) {
                out.writeByte(i == 11 ? 255 : i);
            }
        }));
        writeGzip(labels, idx(0x08, new int[] {3}, out -> out.write(new byte[] {9, 0, 4})));
        Dataset d = Datasets.fashionMnist(dir, true);
        assertEquals(3, d.size());
        assertEquals(4, d.numFeatures());
        assertEquals(10, d.numClasses());
        assertEquals("Ankle boot", d.classNames().get(9));
        assertArrayEquals(new long[] {9, 0, 4}, d.labels().toLongVector());
        assertArrayEquals(new double[] {8 / 255.0, 9 / 255.0, 10 / 255.0, 1.0}, d.features().getRow(2)
                .toDoubleVector(), 1e-6);

        writeGzip(dir.resolve("t10k-images-idx3-ubyte.gz"), Files.readAllBytes(images));
        writeGzip(dir.resolve("t10k-labels-idx1-ubyte.gz"), idx(0x08, new int[] {2}, out -> out.write(new byte[2])));
        var mismatch = assertThrows(IllegalArgumentException.class, () -> Datasets.idxImages(images,
                dir.resolve("t10k-labels-idx1-ubyte.gz"), List.of()));
        assertTrue(mismatch.getMessage().contains("expected [3] labels"), mismatch.getMessage());
    }

    /** An int-typed label file with a label of 2e9: refused naming the file, the label and its row. */
    @Test
    void aHugeLabelInAnIdxFileNamesTheFile() throws IOException {
        Path images = dir.resolve("images-idx3-ubyte");
        Path labels = dir.resolve("labels-idx1-int");
        Files.write(images, idx(0x08, new int[] {2, 1, 1}, out -> out.write(new byte[] {1, 2})));
        Files.write(labels, idx(0x0C, new int[] {2}, out -> {
            out.writeInt(3);
            out.writeInt(2_000_000_000);
        }));
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.idxImages(images, labels, List.of()));
        assertTrue(e.getMessage().startsWith("Datasets.idxImages: " + labels + ": Dataset: class label 2000000000 at "
                + "row 1 is not a class index"), e.getMessage());
    }

    @Test
    void missingFashionMnistNamesTheDirectoryAndThePackage() {
        var e = assertThrows(IllegalStateException.class, () -> Datasets.fashionMnist(dir.resolve("absent"), false));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte") && e.getMessage().contains("absent")
                && e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void readsTheInstalledFashionMnistTestSetWhenPresent() {
        assumeTrue(Files.isDirectory(Datasets.FASHION_MNIST_DIR), "dataset-fashion-mnist is not installed");
        Dataset test = Datasets.fashionMnist(false);
        assertEquals(10_000, test.size());
        assertEquals(784, test.numFeatures());
        assertArrayEquals(new long[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.classCounts());
        assertEquals(1.0, test.features().maxNumber().doubleValue(), 1e-6);
        assertEquals(0.0, test.features().minNumber().doubleValue());
    }
}
