package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy's {@code .npy} format for one array: the magic {@code \x93NUMPY}, a version, a little-endian
 * header length, then a header that is a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} padded with spaces to a multiple of
 * 64 bytes and ending in {@code \n}, then the raw data.
 *
 * <p>Writes version 1.0, C order, little endian; reads versions 1.0 to 3.0, either order and either
 * endianness. Supported dtypes: {@code f2} (HALF), {@code f4} (FLOAT), {@code f8} (DOUBLE), {@code i4} (INT),
 * {@code i8} (LONG).
 *
 * <p>BFLOAT16 has no NumPy dtype, so it is <em>written as {@code <f4}</em> (float32): every bfloat16 value is a
 * float32 value (bfloat16 is float32 with the low 16 mantissa bits cut), so nothing is rounded. NumPy and
 * PyTorch ({@code torch.from_numpy}) see a float32 array; reading gives FLOAT, and loading it into a BFLOAT16
 * model ({@link Module#load}) casts it back exactly.
 *
 * @see <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>
 */
public final class NpyFormat {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    /**
     * The longest header read (NumPy itself refuses headers over 10,000 bytes unless told otherwise): a hostile
     * length field must not make the reader allocate gigabytes for a header.
     */
    static final int MAX_HEADER_BYTES = 1 << 16;
    /** The most data bytes one array may hold: it is read into one Java array. */
    static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFormat() {}

    /**
     * The element types ndgrad reads and writes, with their NumPy type codes (without the byte-order mark).
     * Reading gives INT and LONG, the integer dtypes ND4J creates from {@code int[]}/{@code long[]}; writing
     * also accepts their aliases INT32 and INT64, and BFLOAT16, written as FLOAT (see the class comment).
     */
    @SuppressWarnings("deprecation")
    enum Kind {
        HALF("f2", DataType.HALF, 2),
        FLOAT("f4", DataType.FLOAT, 4),
        DOUBLE("f8", DataType.DOUBLE, 8),
        INT("i4", DataType.INT, 4),
        LONG("i8", DataType.LONG, 8);

        final String code;
        final DataType dtype;
        final int bytes;

        Kind(String code, DataType dtype, int bytes) {
            this.code = code;
            this.dtype = dtype;
            this.bytes = bytes;
        }

        static Kind of(DataType dtype) {
            for (Kind k : values()) {
                if (k.dtype == dtype) {
                    return k;
                }
            }
            if (dtype == DataType.INT32 || dtype == DataType.INT64) {
                return dtype == DataType.INT32 ? INT : LONG;
            }
            if (dtype == DataType.BFLOAT16) {
                return FLOAT;
            }
            throw new IllegalArgumentException("npy: dtype " + dtype
                    + " is not supported (HALF, BFLOAT16, FLOAT, DOUBLE, INT, LONG)");
        }

        static Kind ofCode(String code) {
            for (Kind k : values()) {
                if (k.code.equals(code)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * What a {@code .npy} header declares: the element type, byte order, layout and shape, and how many bytes
     * the header itself took ({@link #headerBytes}) and the data takes ({@link #dataBytes}).
     */
    record Header(Kind kind, ByteOrder order, boolean fortran, long[] shape, long length, int headerBytes) {

        DataType dtype() {
            return kind.dtype;
        }

        /** {@code length × element width}: what the data after the header must hold, exactly. */
        long dataBytes() {
            return length * kind.bytes;
        }

        /** E.g. {@code <f8[6, 4]}: the dtype code with its byte order, and the shape. */
        String describe() {
            return (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + kind.code + Arrays.toString(shape);
        }
    }

    /** The {@code .npy} bytes of {@code array} (version 1.0, C order, little endian; BFLOAT16 as {@code <f4}). */
    public static byte[] encode(INDArray array) {
        Kind kind = Kind.of(array.dataType());
        long[] shape = array.shape();
        byte[] header = header("<" + kind.code, shape);
        long length = array.length();
        checkArgument((long) header.length + length * kind.bytes <= Integer.MAX_VALUE,
                "npy: array %s%s is too large for one entry", array.dataType(), Arrays.toString(shape));
        ByteBuffer out = ByteBuffer.allocate(header.length + Math.toIntExact(length * kind.bytes))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(header);
        // dup('c'): a view's buffer holds more than its elements, an 'f'-ordered one holds them in another order.
        INDArray c = array.dup('c');
        switch (kind) {
            case HALF -> {
                float[] values = c.data().asFloat();
                for (int i = 0; i < length; i++) {
                    out.putShort(Float16.fromFloat(values[i]));
                }
            }
            case FLOAT -> out.asFloatBuffer().put(c.data().asFloat(), 0, (int) length);
            case DOUBLE -> out.asDoubleBuffer().put(c.data().asDouble(), 0, (int) length);
            case INT -> out.asIntBuffer().put(c.data().asInt(), 0, (int) length);
            case LONG -> out.asLongBuffer().put(c.data().asLong(), 0, (int) length);
        }
        return out.array();
    }

    private static byte[] header(String descr, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        // Python's tuple syntax: () for a scalar, (3,) for one dimension, (3, 4) for two.
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        out.put(text.getBytes(StandardCharsets.US_ASCII));
        return out.array();
    }

    /**
     * Decodes {@code .npy} bytes into a C-ordered array.
     *
     * @param what names the array in error messages (e.g. the zip entry)
     * @throws IOException if the bytes are not a valid {@code .npy} of a supported dtype, or the data is
     *     shorter or longer than the header's shape says
     */
    public static INDArray decode(byte[] bytes, String what) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        Header header = readHeader(in, what);
        long present = in.available();
        if (present != header.dataBytes()) {
            throw new IOException(String.format("%s: %s data: %s needs %d bytes, the entry has %d", what,
                    present < header.dataBytes() ? "truncated" : "trailing bytes after the", header.describe(),
                    header.dataBytes(), present));
        }
        return readData(header, in, what);
    }

    /**
     * Reads the magic, version and header from {@code in}, leaving it at the first data byte. Reads at most
     * {@link #MAX_HEADER_BYTES} plus the fixed prefix, whatever the length field says.
     *
     * @throws IOException if the header is missing, truncated, too long, malformed, of an unsupported dtype, or
     *     declares more than {@link #MAX_DATA_BYTES} of data
     */
    static Header readHeader(InputStream in, String what) throws IOException {
        byte[] prefix = in.readNBytes(MAGIC.length + 2);
        if (prefix.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(prefix, MAGIC.length), MAGIC)) {
            throw new IOException(what + ": not a .npy array (no \\x93NUMPY magic)");
        }
        int major = prefix[MAGIC.length];
        if (major < 1 || major > 3) {
            throw new IOException(what + ": unsupported .npy format version " + major + "." + prefix[MAGIC.length + 1]);
        }
        int lengthField = major == 1 ? 2 : 4;
        byte[] lengthBytes = in.readNBytes(lengthField);
        if (lengthBytes.length < lengthField) {
            throw new IOException(what + ": truncated .npy header (no header length)");
        }
        ByteBuffer lengthBuffer = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? Short.toUnsignedInt(lengthBuffer.getShort())
                : Integer.toUnsignedLong(lengthBuffer.getInt());
        if (headerLength > MAX_HEADER_BYTES) {
            throw new IOException(what + ": .npy header of " + headerLength + " bytes is longer than the "
                    + MAX_HEADER_BYTES + " this reader accepts");
        }
        byte[] text = in.readNBytes((int) headerLength);
        if (text.length < headerLength) {
            throw new IOException(what + ": truncated .npy header (" + headerLength + " bytes announced, "
                    + text.length + " present)");
        }
        String header = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(DESCR, header, "descr", what);
        boolean fortran = field(FORTRAN, header, "fortran_order", what).equals("True");
        long[] shape = parseShape(field(SHAPE, header, "shape", what), what);

        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean byteOrderMark = !descr.isEmpty() && "<>|=".indexOf(descr.charAt(0)) >= 0;
        Kind kind = byteOrderMark ? Kind.ofCode(descr.substring(1)) : null;
        if (kind == null) {
            throw new IOException(what + ": unsupported dtype '" + descr + "' (supported: <f2, <f4, <f8, <i4, <i8)");
        }
        long length = 1;
        for (long d : shape) {
            length = d == 0 ? 0 : length <= MAX_DATA_BYTES / d ? length * d : MAX_DATA_BYTES + 1;
        }
        if (length > MAX_DATA_BYTES / kind.bytes) {
            throw new IOException(what + ": shape " + Arrays.toString(shape) + " of " + descr + " declares more than "
                    + MAX_DATA_BYTES + " bytes of data, the most one array can hold");
        }
        return new Header(kind, order, fortran, shape, length, prefix.length + lengthField + (int) headerLength);
    }

    /**
     * Reads exactly {@code header.dataBytes()} bytes from {@code in} into an array of the header's dtype and
     * shape, C-ordered. The caller has made sure that this much memory may be used.
     *
     * @throws IOException if {@code in} ends first
     */
    static INDArray readData(Header header, InputStream in, String what) throws IOException {
        int expected = Math.toIntExact(header.dataBytes());
        byte[] bytes = in.readNBytes(expected);
        if (bytes.length < expected) {
            throw new IOException(String.format("%s: truncated data: %s needs %d bytes, the entry has %d", what,
                    header.describe(), expected, bytes.length));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes).order(header.order());
        return toArray(header.kind(), data, (int) header.length(), header.shape(), header.fortran());
    }

    private static String field(Pattern pattern, String header, String key, String what) throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IOException(what + ": .npy header has no valid '" + key + "': " + header.strip());
        }
        return m.group(1);
    }

    private static long[] parseShape(String tuple, String what) throws IOException {
        String[] parts = tuple.split(",");
        long[] dims = new long[parts.length];
        int n = 0;
        for (String part : parts) {
            String p = part.strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);   // Python 2 longs
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims[n] = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw new IOException(what + ": invalid .npy shape (" + tuple + ")", e);
            }
            if (dims[n++] < 0) {
                throw new IOException(what + ": negative dimension in .npy shape (" + tuple + ")");
            }
        }
        return Arrays.copyOf(dims, n);
    }

    private static INDArray toArray(Kind kind, ByteBuffer data, int length, long[] shape, boolean fortran) {
        if (length == 0) {
            return Nd4j.create(kind.dtype, shape);
        }
        // A Fortran-ordered array of shape (a, b, c) holds the C-ordered elements of its transpose (c, b, a).
        long[] stored = fortran ? reversed(shape) : shape;
        INDArray array = switch (kind) {
            case HALF -> {
                float[] v = new float[length];
                for (int i = 0; i < length; i++) {
                    v[i] = Float16.toFloat(data.getShort());
                }
                yield Nd4j.create(v, stored, kind.dtype);
            }
            case FLOAT -> {
                float[] v = new float[length];
                data.asFloatBuffer().get(v);
                yield Nd4j.create(v, stored, kind.dtype);
            }
            case DOUBLE -> {
                double[] v = new double[length];
                data.asDoubleBuffer().get(v);
                yield Nd4j.create(v, stored, kind.dtype);
            }
            case INT -> {
                int[] v = new int[length];
                data.asIntBuffer().get(v);
                yield Nd4j.create(v, stored, kind.dtype);
            }
            case LONG -> {
                long[] v = new long[length];
                data.asLongBuffer().get(v);
                yield Nd4j.create(v, stored, kind.dtype);
            }
        };
        if (!fortran || shape.length < 2) {
            return array;
        }
        int[] axes = new int[shape.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = axes.length - 1 - i;
        }
        return array.permute(axes).dup('c');
    }

    private static long[] reversed(long[] shape) {
        long[] r = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            r[i] = shape[shape.length - 1 - i];
        }
        return r;
    }
}
