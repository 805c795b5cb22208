package dev.ndgrad.autograd.kernel;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Reductions and normalisations along axes on the host. An axis of a row-major array splits it into
 * {@code outer × length × inner} (element {@code (o, k, i)} at {@code (o·length + k)·inner + i}); sums
 * accumulate in double.
 */
final class HostReductions {

    private HostReductions() {}

    /** The {@code outer × length × inner} split of {@code shape} at axes {@code [from, to)} (merged). */
    record Split(int outer, int length, int inner) {
        static Split of(long[] shape, int from, int to) {
            long outer = 1;
            long length = 1;
            long inner = 1;
            for (int d = 0; d < shape.length; d++) {
                if (d < from) {
                    outer *= shape[d];
                } else if (d < to) {
                    length *= shape[d];
                } else {
                    inner *= shape[d];
                }
            }
            return new Split((int) outer, (int) length, (int) inner);
        }
    }

    /** Σ over {@code axes} (sorted, distinct). */
    static Storage sum(Storage x, int[] axes, boolean keepDims) {
        long[] shape = x.shapeRef();
        Storage current = x;
        long[] currentShape = shape;
        // reduce runs of adjacent axes, last run first, keeping dims so that earlier axes keep their index
        int end = axes.length;
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && axes[start - 1] == axes[start] - 1) {
                start--;
            }
            current = sumRun(current, currentShape, axes[start], axes[end - 1] + 1);
            currentShape = current.shapeRef();
            end = start;
        }
        long[] out = Shapes.reduced(shape, axes, keepDims);
        return current == x ? copy(x, out) : current.reshape(out);
    }

    private static Storage copy(Storage x, long[] shape) {
        Vec in = Vec.of(x);
        Vec out = Vec.create(x.dtype(), in.length());
        for (int i = 0; i < in.length(); i++) {
            out.set(i, in.get(i));
        }
        return out.toStorage(shape);
    }

    /** Σ over axes {@code [from, to)}, keeping them as 1. */
    private static Storage sumRun(Storage x, long[] shape, int from, int to) {
        Split s = Split.of(shape, from, to);
        long[] outShape = shape.clone();
        for (int d = from; d < to; d++) {
            outShape[d] = 1;
        }
        if (x.dtype() == DataType.FLOAT) {
            return Storage.ofFloats(sumFloats(x.floats(), s), outShape);
        }
        Vec in = Vec.of(x);
        Vec out = Vec.create(x.dtype(), s.outer() * s.inner());
        for (int o = 0; o < s.outer(); o++) {
            for (int i = 0; i < s.inner(); i++) {
                double acc = 0;
                int base = o * s.length() * s.inner() + i;
                for (int k = 0; k < s.length(); k++) {
                    acc += in.get(base + k * s.inner());
                }
                out.set(o * s.inner() + i, acc);
            }
        }
        return out.toStorage(outShape);
    }

    /** The float sums, with the common shapes (all elements, rows, columns) as straight loops. */
    private static float[] sumFloats(float[] x, Split s) {
        float[] out = new float[s.outer() * s.inner()];
        int length = s.length();
        int inner = s.inner();
        if (inner == 1) {
            for (int o = 0; o < s.outer(); o++) {
                double acc = 0;
                int base = o * length;
                for (int k = 0; k < length; k++) {
                    acc += x[base + k];
                }
                out[o] = (float) acc;
            }
            return out;
        }
        double[] acc = new double[inner];
        for (int o = 0; o < s.outer(); o++) {
            Arrays.fill(acc, 0);
            int base = o * length * inner;
            for (int k = 0; k < length; k++) {
                int row = base + k * inner;
                for (int i = 0; i < inner; i++) {
                    acc[i] += x[row + i];
                }
            }
            for (int i = 0; i < inner; i++) {
                out[o * inner + i] = (float) acc[i];
            }
        }
        return out;
    }

    /** The largest element along {@code axis} (NaN if any is NaN, as NumPy). */
    static Storage max(Storage x, int axis, boolean keepDims) {
        Split s = Split.of(x.shapeRef(), axis, axis + 1);
        Vec in = Vec.of(x);
        Vec out = Vec.create(x.dtype(), s.outer() * s.inner());
        for (int o = 0; o < s.outer(); o++) {
            for (int i = 0; i < s.inner(); i++) {
                int base = o * s.length() * s.inner() + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < s.length(); k++) {
                    double v = in.get(base + k * s.inner());
                    if (v > m || v != v) {
                        m = v;
                        if (v != v) {
                            break;
                        }
                    }
                }
                out.set(o * s.inner() + i, m);
            }
        }
        return out.toStorage(Shapes.reduced(x.shapeRef(), new int[] {axis}, keepDims));
    }

    /** Index of the first largest element along {@code axis} (a NaN counts as largest), as LONG. */
    static Storage argmax(Storage x, int axis) {
        Split s = Split.of(x.shapeRef(), axis, axis + 1);
        double[] in = x.toDoubleArray();
        long[] out = new long[s.outer() * s.inner()];
        for (int o = 0; o < s.outer(); o++) {
            for (int i = 0; i < s.inner(); i++) {
                int base = o * s.length() * s.inner() + i;
                double m = Double.NEGATIVE_INFINITY;
                long at = 0;
                for (int k = 0; k < s.length(); k++) {
                    double v = in[base + k * s.inner()];
                    if (v > m || (v != v && m == m)) {
                        m = v;
                        at = k;
                    }
                }
                out[o * s.inner() + i] = at;
            }
        }
        return Storage.ofLongs(out, Shapes.reduced(x.shapeRef(), new int[] {axis}, false));
    }

    /** softmax (or, with {@code log}, log-softmax) along {@code axis}, shifted by the maximum. */
    static Storage softmax(Storage x, int axis, boolean log) {
        Split s = Split.of(x.shapeRef(), axis, axis + 1);
        Vec in = Vec.of(x);
        Vec out = Vec.create(x.dtype(), in.length());
        boolean fast = x.dtype() == DataType.FLOAT;
        for (int o = 0; o < s.outer(); o++) {
            for (int i = 0; i < s.inner(); i++) {
                int base = o * s.length() * s.inner() + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < s.length(); k++) {
                    m = Math.max(m, in.get(base + k * s.inner()));
                }
                double total = 0;
                for (int k = 0; k < s.length(); k++) {
                    int at = base + k * s.inner();
                    double e = exp(in.get(at) - m, fast);
                    total += e;
                    if (!log) {
                        out.set(at, e);
                    }
                }
                double logTotal = Math.log(total);
                for (int k = 0; k < s.length(); k++) {
                    int at = base + k * s.inner();
                    out.set(at, log ? in.get(at) - m - logTotal : out.get(at) / total);
                }
            }
        }
        return out.toStorage(x.shape());
    }

    private static double exp(double v, boolean fast) {
        return fast && v > -700 ? FastMath.expReduced(v) : Math.exp(v);
    }

    /** Σᵢ (ln Σₖ e^{zᵢₖ} − zᵢ_{cᵢ}) over the rows of {@code z [n, K]}, and softmax(z). */
    static Kernels.SoftmaxCrossEntropy softmaxCrossEntropy(Storage z, long[] classes) {
        if (z.dtype() == DataType.FLOAT) {
            Kernels.SoftmaxCrossEntropy fast = softmaxCrossEntropyFloats(z, classes);
            if (fast != null) {
                return fast;
            }
        }
        Storage softmax = softmax(z, 1, false);
        Vec in = Vec.of(z);
        Vec p = Vec.of(softmax);
        int k = (int) z.size(1);
        double total = 0;
        for (int i = 0; i < classes.length; i++) {
            int at = i * k + (int) classes[i];
            // ln Σ e^z − z_c = −ln softmax_c, computed from the row's maximum for range
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                m = Math.max(m, in.get(i * k + j));
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(in.get(i * k + j) - m);
            }
            total += m + Math.log(sum) - in.get(at);
        }
        return new Kernels.SoftmaxCrossEntropy(total, softmax);
    }

    /**
     * {@link #softmaxCrossEntropy} of float logits in one pass per row: each row's maximum m and Σ e^{z−m} serve
     * both the softmax (the same values {@link #softmax} computes) and the loss's {@code m + ln Σ e^{z−m} − z_c}.
     * {@code null} when a row's maximum is not finite, which the general path handles.
     */
    private static Kernels.SoftmaxCrossEntropy softmaxCrossEntropyFloats(Storage z, long[] classes) {
        float[] in = z.floats();
        int k = (int) z.size(1);
        float[] p = new float[in.length];
        double total = 0;
        for (int i = 0; i < classes.length; i++) {
            int row = i * k;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                m = Math.max(m, in[row + j]);
            }
            if (Double.isInfinite(m) || m != m) {
                return null;
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double e = exp(in[row + j] - m, true);
                sum += e;
                p[row + j] = (float) e;
            }
            for (int j = 0; j < k; j++) {
                p[row + j] = (float) (p[row + j] / sum);
            }
            total += m + Math.log(sum) - in[row + (int) classes[i]];
        }
        return new Kernels.SoftmaxCrossEntropy(total, Storage.ofFloats(p, z.shape()));
    }

    /** {@code factor · (p − onehot(classes))} for {@code p [n, K]}. */
    static Storage scaledMinusOneHot(Storage p, long[] classes, double factor) {
        Vec in = Vec.of(p);
        Vec out = Vec.create(p.dtype(), in.length());
        for (int i = 0; i < in.length(); i++) {
            out.set(i, factor * in.get(i));
        }
        int k = (int) p.size(1);
        for (int i = 0; i < classes.length; i++) {
            int at = i * k + (int) classes[i];
            out.set(at, out.get(at) - factor);
        }
        return out.toStorage(p.shape());
    }

    /** {@code x} repeated along its axes of size 1 (and new leading axes) to {@code shape}. */
    static Storage broadcastTo(Storage x, long[] shape) {
        BroadcastLoop loop = BroadcastLoop.of(shape, x.shapeRef());
        int n = Storage.checkedLength(shape);
        int length = loop.rowLength();
        Object source = x.dtype() == DataType.FLOAT ? x.floats() : x.doubles();
        Vec out = Vec.create(x.dtype(), n);
        Object target = out instanceof Vec.Floats ? ((Vec.Floats) out).a : ((Vec.Doubles) out).a;
        Vec in = Vec.of(x);
        for (int r = 0; r < loop.rows(); r++) {
            int from = loop.offset(0, r);
            if (loop.contiguous(0)) {
                System.arraycopy(source, from, target, r * length, length);
            } else {
                double v = in.get(from);
                for (int i = 0; i < length; i++) {
                    out.set(r * length + i, v);
                }
            }
        }
        return out.toStorage(shape.clone());
    }
}
