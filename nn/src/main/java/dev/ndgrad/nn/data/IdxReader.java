package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads an IDX file, the format of MNIST and Fashion-MNIST, optionally gzipped (recognised by its content).
 *
 * <p>Layout: two zero bytes, a type byte ({@code 0x08} unsigned byte, {@code 0x09} signed byte, {@code 0x0B}
 * short, {@code 0x0C} int, {@code 0x0D} float, {@code 0x0E} double), the number of dimensions, each dimension as
 * a big-endian 32-bit integer, then the values, big-endian, in row-major order. The array keeps that shape and
 * the matching ND4J dtype ({@code UINT8, INT8, INT16, INT32, FLOAT, DOUBLE}).
 */
public final class IdxReader {

    private IdxReader() {
    }

    /** Reads the array in {@code file}. */
    public static INDArray read(Path file) {
        try (InputStream in = DataFiles.open(file, "IdxReader")) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("IdxReader: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the array in {@code in} (gzipped or not); {@code source} names it in error messages. */
    public static INDArray read(InputStream in, String source) {
        try {
            DataInputStream data = new DataInputStream(DataFiles.decompressIfGzip(in));
            int zero1 = data.readUnsignedByte();
            int zero2 = data.readUnsignedByte();
            int type = data.readUnsignedByte();
            int rank = data.readUnsignedByte();
            checkArgument(zero1 == 0 && zero2 == 0, "IdxReader: %s does not start with the IDX magic 00 00", source);
            ElementType element = ElementType.of(type, source);
            checkArgument(rank >= 1, "IdxReader: %s has %s dimensions", source, rank);
            long[] shape = new long[rank];
            long length = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = data.readInt() & 0xFFFFFFFFL;
                length *= shape[i];
            }
            checkArgument(length > 0 && length * element.width <= Integer.MAX_VALUE - 8,
                    "IdxReader: %s has shape %s, which is empty or too large", source, Arrays.toString(shape));
            byte[] bytes = new byte[Math.toIntExact(length * element.width)];
            try {
                data.readFully(bytes);
            } catch (EOFException e) {
                throw new IllegalArgumentException("IdxReader: " + source + " is truncated: shape "
                        + Arrays.toString(shape) + " needs " + bytes.length + " bytes of " + element, e);
            }
            if (data.read() != -1) {
                throw new IllegalArgumentException("IdxReader: " + source + " has bytes after the "
                        + Arrays.toString(shape) + " " + element + " values");
            }
            return element.toArray(bytes).reshape('c', shape);
        } catch (EOFException e) {
            throw new IllegalArgumentException("IdxReader: " + source + " ends inside the header", e);
        } catch (IOException e) {
            throw new UncheckedIOException("IdxReader: cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** The IDX element types and how their big-endian bytes become an ND4J array. */
    private enum ElementType {
        UNSIGNED_BYTE(0x08, 1),
        SIGNED_BYTE(0x09, 1),
        SHORT(0x0B, 2),
        INT(0x0C, 4),
        FLOAT(0x0D, 4),
        DOUBLE(0x0E, 8);

        final int code;
        final int width;

        ElementType(int code, int width) {
            this.code = code;
            this.width = width;
        }

        static ElementType of(int code, String source) {
            for (ElementType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException(String.format(
                    "IdxReader: %s has unknown element type 0x%02X (expected 08, 09, 0B, 0C, 0D or 0E)", source, code));
        }

        INDArray toArray(byte[] bytes) {
            ByteBuffer big = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
            switch (this) {
                case UNSIGNED_BYTE:
                    // INT8 → UINT8 keeps the bit pattern: -1 becomes 255
                    return Nd4j.createFromArray(bytes).castTo(DataType.UINT8);
                case SIGNED_BYTE:
                    return Nd4j.createFromArray(bytes);
                case SHORT: {
                    short[] v = new short[bytes.length / 2];
                    big.asShortBuffer().get(v);
                    return Nd4j.createFromArray(v);
                }
                case INT: {
                    int[] v = new int[bytes.length / 4];
                    big.asIntBuffer().get(v);
                    return Nd4j.createFromArray(v);
                }
                case FLOAT: {
                    float[] v = new float[bytes.length / 4];
                    big.asFloatBuffer().get(v);
                    return Nd4j.createFromArray(v);
                }
                default: {
                    double[] v = new double[bytes.length / 8];
                    big.asDoubleBuffer().get(v);
                    return Nd4j.createFromArray(v);
                }
            }
        }
    }
}
