package dev.ndgrad.autograd.kernel;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Sliding-window kernels of the host path: im2col ({@link #unfold}), its adjoint col2im ({@link #fold}), and max
 * pooling with its scatter. Each image plane {@code (n, c)} maps to a contiguous block of {@code K·L} columns
 * ({@code K} = kernel size, {@code L} = windows), and every window row that lies inside the image is a run of
 * image elements {@code strideW} apart, copied to (or added from) a contiguous run of columns. The runs are worked
 * out once per call ({@link Runs}) and shared by every plane, so the loops over the data are plain copies,
 * {@link System#arraycopy} for stride 1.
 */
final class HostPatches {

    private HostPatches() {}

    /** The values of max pooling and the plane offset each came from. */
    record Pooled(Storage values, Storage indices) {}

    /**
     * The copies between one image plane and its block of columns: run {@code r} takes {@code count[r]} image
     * elements from plane offset {@code image[r]} on, {@code step} apart, to column offset {@code cols[r]} on
     * (row {@code k·L}, window {@code oy·outW + ox}); in increasing {@code k}, so each window meets its elements in
     * row-major order. Windows on the padding have no run (their columns stay 0).
     */
    private record Runs(int[] image, int[] cols, int[] count, int step) {

        static Runs of(Patches p) {
            int outH = (int) p.outH();
            int outW = (int) p.outW();
            int windows = outH * outW;
            int width = (int) p.width();
            int n = p.kernelSize() * outH;
            int[] image = new int[n];
            int[] cols = new int[n];
            int[] count = new int[n];
            int runs = 0;
            for (int ki = 0; ki < p.kernelH(); ki++) {
                for (int kj = 0; kj < p.kernelW(); kj++) {
                    int k = ki * p.kernelW() + kj;
                    long shift = (long) kj * p.dilationW() - p.padW();        // ix = ox·strideW + shift
                    int from = (int) Math.max(0, ceilDiv(-shift, p.strideW()));
                    int to = (int) Math.min(outW, Math.floorDiv(width - 1 - shift, p.strideW()) + 1);
                    for (int oy = 0; oy < outH && from < to; oy++) {
                        long iy = (long) oy * p.strideH() - p.padH() + (long) ki * p.dilationH();
                        if (iy < 0 || iy >= p.height()) {
                            continue;
                        }
                        image[runs] = (int) (iy * width + from * (long) p.strideW() + shift);
                        cols[runs] = k * windows + oy * outW + from;
                        count[runs] = to - from;
                        runs++;
                    }
                }
            }
            return new Runs(java.util.Arrays.copyOf(image, runs), java.util.Arrays.copyOf(cols, runs),
                    java.util.Arrays.copyOf(count, runs), p.strideW());
        }

        private static long ceilDiv(long a, long b) {
            return -Math.floorDiv(-a, b);
        }
    }

    /** {@code x [N, C, H, W] → [N, C·K, L]}: column {@code l} of row {@code c·K + k} is element {@code k} of window {@code l}. */
    static Storage unfold(Storage x, Patches p) {
        long[] shape = x.shapeRef();
        long[] out = {shape[0], shape[1] * p.kernelSize(), p.windows()};
        Elements type = Elements.of(x.dtype());
        Object image = type.of(x);
        Object cols = type.create(Storage.checkedLength(out));
        Runs runs = Runs.of(p);
        int plane = (int) (p.height() * p.width());
        int block = (int) (p.kernelSize() * p.windows());
        for (int q = 0; q < shape[0] * shape[1]; q++) {
            for (int r = 0; r < runs.count().length; r++) {
                type.gather(image, q * plane + runs.image()[r], runs.step(), cols, q * block + runs.cols()[r],
                        runs.count()[r]);
            }
        }
        return type.storage(cols, out);
    }

    /** {@code cols [N, C·K, L] → [N, C, H, W]}: every column entry added back to the image element it was read from. */
    static Storage fold(Storage cols, Patches p) {
        long[] shape = cols.shapeRef();
        long channels = shape[1] / p.kernelSize();
        long[] out = {shape[0], channels, p.height(), p.width()};
        Elements type = Elements.of(cols.dtype());
        Object in = type.of(cols);
        Object image = type.create(Storage.checkedLength(out));
        Runs runs = Runs.of(p);
        int plane = (int) (p.height() * p.width());
        int block = (int) (p.kernelSize() * p.windows());
        for (int q = 0; q < shape[0] * channels; q++) {
            for (int r = 0; r < runs.count().length; r++) {
                type.scatterAdd(in, q * block + runs.cols()[r], image, q * plane + runs.image()[r], runs.step(),
                        runs.count()[r]);
            }
        }
        return type.storage(image, out);
    }

    /** The run copies of {@link #unfold} and {@link #fold}, one loop per element type (FLOAT or DOUBLE). */
    private enum Elements {
        FLOATS {
            @Override
            void gather(Object from, int at, int step, Object to, int start, int n) {
                float[] src = (float[]) from;
                float[] dst = (float[]) to;
                for (int i = 0; i < n; i++) {
                    dst[start + i] = src[at + i * step];
                }
            }

            @Override
            void scatterAdd(Object from, int at, Object to, int start, int step, int n) {
                float[] src = (float[]) from;
                float[] dst = (float[]) to;
                for (int i = 0; i < n; i++) {
                    dst[start + i * step] += src[at + i];
                }
            }

            @Override
            Object of(Storage s) {
                return s.floats();
            }

            @Override
            Object create(int n) {
                return new float[n];
            }

            @Override
            Storage storage(Object values, long[] shape) {
                return Storage.ofFloats((float[]) values, shape);
            }
        },
        DOUBLES {
            @Override
            void gather(Object from, int at, int step, Object to, int start, int n) {
                double[] src = (double[]) from;
                double[] dst = (double[]) to;
                for (int i = 0; i < n; i++) {
                    dst[start + i] = src[at + i * step];
                }
            }

            @Override
            void scatterAdd(Object from, int at, Object to, int start, int step, int n) {
                double[] src = (double[]) from;
                double[] dst = (double[]) to;
                for (int i = 0; i < n; i++) {
                    dst[start + i * step] += src[at + i];
                }
            }

            @Override
            Object of(Storage s) {
                return s.doubles();
            }

            @Override
            Object create(int n) {
                return new double[n];
            }

            @Override
            Storage storage(Object values, long[] shape) {
                return Storage.ofDoubles((double[]) values, shape);
            }
        };

        static Elements of(DataType dtype) {
            return dtype == DataType.FLOAT ? FLOATS : DOUBLES;
        }

        /** {@code to[start + i] = from[at + i·step]} for {@code i < n} (a plain copy for step 1). */
        abstract void gather(Object from, int at, int step, Object to, int start, int n);

        /** {@code to[start + i·step] += from[at + i]} for {@code i < n}. */
        abstract void scatterAdd(Object from, int at, Object to, int start, int step, int n);

        abstract Object of(Storage s);

        abstract Object create(int n);

        abstract Storage storage(Object values, long[] shape);
    }

    /**
     * Max pooling of {@code x [N, C, H, W]}: each window's largest element {@code [N, C, outH, outW]}, and its offset
     * within the {@code H·W} plane as LONG {@code [N·C, L]}: the first maximum in the window's row-major order, or a
     * NaN (PyTorch's {@code max_pool2d} rule: {@code val > max || isnan(val)}). Every window must reach into the
     * image.
     */
    static Pooled maxPool(Storage x, Patches p) {
        long[] shape = x.shapeRef();
        int planes = (int) (shape[0] * shape[1]);
        int plane = (int) (p.height() * p.width());
        int windows = (int) p.windows();
        int kernel = p.kernelSize();
        int[] offsets = windowMajor(p);
        double[] in = x.dtype() == DataType.DOUBLE ? x.doubles() : x.toDoubleArray();
        double[] best = new double[planes * windows];
        long[] at = new long[planes * windows];
        for (int q = 0; q < planes; q++) {
            int image = q * plane;
            for (int l = 0; l < windows; l++) {
                double m = Double.NEGATIVE_INFINITY;
                int index = -1;
                for (int k = l * kernel, end = k + kernel; k < end; k++) {
                    int s = offsets[k];
                    if (s >= 0) {
                        double v = in[image + s];
                        if (v > m || v != v || index < 0) {
                            m = v;
                            index = s;
                        }
                    }
                }
                best[q * windows + l] = m;
                at[q * windows + l] = index;
            }
        }
        long[] valuesShape = {shape[0], shape[1], p.outH(), p.outW()};
        return new Pooled(Storage.ofHost(x.dtype(), best, valuesShape), Storage.ofLongs(at, new long[] {planes, windows}));
    }

    /** For window {@code l}, its {@code K} plane offsets in row-major order at {@code [l·K, (l+1)·K)}; −1 on the padding. */
    private static int[] windowMajor(Patches p) {
        int kernel = p.kernelSize();
        int windows = (int) p.windows();
        int[] offsets = new int[kernel * windows];
        java.util.Arrays.fill(offsets, -1);
        Runs runs = Runs.of(p);
        for (int r = 0; r < runs.count().length; r++) {
            int k = runs.cols()[r] / windows;
            int first = runs.cols()[r] % windows;
            for (int i = 0; i < runs.count()[r]; i++) {
                offsets[(first + i) * kernel + k] = runs.image()[r] + i * runs.step();
            }
        }
        return offsets;
    }

    /** Zeros of {@code shape [N, C, H, W]} with {@code g [N, C, outH, outW]} added at the plane offsets {@code indices}. */
    static Storage maxPoolScatter(Storage g, long[] indices, long[] shape) {
        int planes = (int) (shape[0] * shape[1]);
        int plane = (int) (shape[2] * shape[3]);
        int windows = planes == 0 ? 0 : indices.length / planes;
        double[] in = g.dtype() == DataType.DOUBLE ? g.doubles() : g.toDoubleArray();
        double[] out = new double[Storage.checkedLength(shape)];
        for (int q = 0; q < planes; q++) {
            for (int l = 0; l < windows; l++) {
                out[q * plane + (int) indices[q * windows + l]] += in[q * windows + l];
            }
        }
        return Storage.ofHost(g.dtype(), out, shape.clone());
    }
}
