package dev.ndgrad.autograd.kernel;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/** Kernels that move elements on the host: permute, slice and its adjoint, concat, row and axis indexing. */
final class HostShapes {

    private HostShapes() {}

    /** The host array behind a FLOAT, DOUBLE or LONG storage (read only), for {@link System#arraycopy}. */
    private static Object array(Storage x) {
        switch (x.dtype()) {
            case FLOAT:
                return x.floats();
            case DOUBLE:
                return x.doubles();
            default:
                return x.longs();
        }
    }

    private static Object newArray(DataType dtype, int n) {
        switch (dtype) {
            case FLOAT:
                return new float[n];
            case DOUBLE:
                return new double[n];
            default:
                return new long[n];
        }
    }

    private static Storage storage(DataType dtype, Object array, long[] shape) {
        switch (dtype) {
            case FLOAT:
                return Storage.ofFloats((float[]) array, shape);
            case DOUBLE:
                return Storage.ofDoubles((double[]) array, shape);
            default:
                return Storage.ofLongs((long[]) array, shape);
        }
    }

    private static long[] stridesOf(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        return strides;
    }

    /** A new array with the same values. */
    static Storage copy(Storage x) {
        int n = (int) x.length();
        Object dst = newArray(x.dtype(), n);
        System.arraycopy(array(x), 0, dst, 0, n);
        return storage(x.dtype(), dst, x.shape());
    }

    /** Output axis i is input axis {@code dims[i]}: a copy in the new order. */
    static Storage permute(Storage x, int[] dims) {
        long[] in = x.shapeRef();
        int rank = in.length;
        long[] out = new long[rank];
        long[] inStrides = stridesOf(in);
        long[] step = new long[rank];       // input stride of each output axis
        for (int i = 0; i < rank; i++) {
            out[i] = in[dims[i]];
            step[i] = inStrides[dims[i]];
        }
        int n = (int) x.length();
        Object src = array(x);
        Object dst = newArray(x.dtype(), n);
        if (n > 0) {
            // walk the output in order; copy runs where the last output axis is also the input's last
            boolean runs = rank > 0 && step[rank - 1] == 1;
            int run = runs ? (int) out[rank - 1] : 1;
            long[] index = new long[rank];
            long offset = 0;
            for (int o = 0; o < n; o += run) {
                if (runs) {
                    System.arraycopy(src, (int) offset, dst, o, run);
                } else {
                    copyOne(src, (int) offset, dst, o);
                }
                for (int d = rank - (runs ? 2 : 1); d >= 0; d--) {
                    index[d]++;
                    offset += step[d];
                    if (index[d] < out[d]) {
                        break;
                    }
                    offset -= step[d] * out[d];
                    index[d] = 0;
                }
            }
        }
        return storage(x.dtype(), dst, out);
    }

    private static void copyOne(Object src, int from, Object dst, int to) {
        System.arraycopy(src, from, dst, to, 1);
    }

    /** Elements {@code [start, end)} along {@code axis}, as a new array. */
    static Storage slice(Storage x, int axis, long start, long end) {
        HostReductions.Split s = HostReductions.Split.of(x.shapeRef(), axis, axis + 1);
        long[] out = x.shape();
        out[axis] = end - start;
        int part = (int) (end - start) * s.inner();
        Object src = array(x);
        Object dst = newArray(x.dtype(), s.outer() * part);
        for (int o = 0; o < s.outer(); o++) {
            System.arraycopy(src, (o * s.length() + (int) start) * s.inner(), dst, o * part, part);
        }
        return storage(x.dtype(), dst, out);
    }

    /** Zeros of {@code shape} with {@code part} at {@code [start, start + part.size(axis))} along {@code axis}. */
    static Storage embed(Storage part, long[] shape, int axis, long start) {
        HostReductions.Split s = HostReductions.Split.of(shape, axis, axis + 1);
        int run = (int) part.size(axis) * s.inner();
        Object src = array(part);
        Object dst = newArray(part.dtype(), Storage.checkedLength(shape));
        for (int o = 0; o < s.outer(); o++) {
            System.arraycopy(src, o * run, dst, (o * s.length() + (int) start) * s.inner(), run);
        }
        return storage(part.dtype(), dst, shape.clone());
    }

    /** The storages joined along {@code axis} (shapes already checked to agree elsewhere). */
    static Storage concat(int axis, Storage[] parts) {
        long[] out = parts[0].shape();
        out[axis] = 0;
        for (Storage p : parts) {
            out[axis] += p.size(axis);
        }
        HostReductions.Split s = HostReductions.Split.of(out, axis, axis + 1);
        Object dst = newArray(parts[0].dtype(), Storage.checkedLength(out));
        long at = 0;
        for (Storage p : parts) {
            int run = (int) p.size(axis) * s.inner();
            Object src = array(p);
            for (int o = 0; o < s.outer(); o++) {
                System.arraycopy(src, o * run, dst, (int) (o * s.length() * s.inner() + at * s.inner()), run);
            }
            at += p.size(axis);
        }
        return storage(parts[0].dtype(), dst, out);
    }

    /** Rows {@code x[index[0]], x[index[1]], …} along axis 0. */
    static Storage indexSelect(Storage x, long[] index) {
        long[] out = x.shape();
        out[0] = index.length;
        int row = x.size(0) == 0 ? 0 : (int) (x.length() / x.size(0));
        Object src = array(x);
        Object dst = newArray(x.dtype(), index.length * row);
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(src, (int) index[i] * row, dst, i * row, row);
        }
        return storage(x.dtype(), dst, out);
    }

    /** Zeros with {@code rows} entries along axis 0, {@code g[i]} added to row {@code index[i]}. */
    static Storage indexAdd(Storage g, long[] index, long rows) {
        long[] out = g.shape();
        out[0] = rows;
        // the size of one row from the shape, not from g (which has no rows at all when the index is empty)
        int row = (int) Shapes.length(Arrays.copyOfRange(out, 1, out.length));
        Vec in = Vec.of(g);
        Vec acc = Vec.create(g.dtype(), (int) rows * row);
        for (int i = 0; i < index.length; i++) {
            int to = (int) index[i] * row;
            for (int j = 0; j < row; j++) {
                acc.add(to + j, in.get(i * row + j));
            }
        }
        return acc.toStorage(out);
    }

    /** {@code out[…, j, …] = x[…, index[…, j, …], …]} along {@code axis} (NumPy's take_along_axis). */
    static Storage gather(Storage x, int axis, long[] index, long[] indexShape) {
        Vec in = Vec.of(x);
        Vec out = Vec.create(x.dtype(), index.length);
        AxisWalk walk = new AxisWalk(x.shapeRef(), indexShape, axis);
        for (int k = 0; k < index.length; k++) {
            out.set(k, in.get(walk.sourceOffset(k, index[k])));
        }
        return out.toStorage(indexShape.clone());
    }

    /** Zeros of {@code shape} with {@code g[…, j, …]} added at {@code index[…, j, …]} along {@code axis}. */
    static Storage scatterAdd(Storage g, int axis, long[] index, long[] shape) {
        Vec in = Vec.of(g);
        Vec out = Vec.create(g.dtype(), Storage.checkedLength(shape));
        AxisWalk walk = new AxisWalk(shape, g.shapeRef(), axis);
        for (int k = 0; k < index.length; k++) {
            out.add(walk.sourceOffset(k, index[k]), in.get(k));
        }
        return out.toStorage(shape.clone());
    }

    /** Maps a row-major position in an index array to the row-major offset it addresses in the source array. */
    private static final class AxisWalk {
        private final long[] sourceStrides;
        private final long[] indexShape;
        private final int axis;

        AxisWalk(long[] sourceShape, long[] indexShape, int axis) {
            this.indexShape = indexShape;
            this.axis = axis;
            this.sourceStrides = stridesOf(sourceShape);
        }

        int sourceOffset(long position, long indexValue) {
            long offset = 0;
            long rest = position;
            for (int i = indexShape.length - 1; i >= 0; i--) {
                long coordinate = rest % indexShape[i];
                rest /= indexShape[i];
                offset += (i == axis ? indexValue : coordinate) * sourceStrides[i];
            }
            return (int) offset;
        }
    }
}
