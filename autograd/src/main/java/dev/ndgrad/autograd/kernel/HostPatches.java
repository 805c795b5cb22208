package dev.ndgrad.autograd.kernel;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Sliding-window kernels of the host path: im2col ({@link #unfold}), its adjoint col2im ({@link #fold}) and the
 * positions of window maxima. Each image plane {@code (n, c)} maps to a contiguous block of {@code K·L} columns
 * ({@code K} = kernel size, {@code L} = windows), so all three are tight loops over one table of source offsets
 * ({@link Patches#sources()}), computed once per call and shared by every plane.
 */
final class HostPatches {

    private HostPatches() {}

    /** {@code x [N, C, H, W] → [N, C·K, L]}: column {@code l} of row {@code c·K + k} is element {@code k} of window {@code l}. */
    static Storage unfold(Storage x, Patches p) {
        long[] shape = x.shapeRef();
        int planes = (int) (shape[0] * shape[1]);
        int plane = (int) (p.height() * p.width());
        int[] sources = p.sources();
        int block = sources.length;
        long[] out = {shape[0], shape[1] * p.kernelSize(), p.windows()};
        if (x.dtype() == DataType.FLOAT) {
            float[] in = x.floats();
            float[] cols = new float[Storage.checkedLength(out)];
            for (int q = 0; q < planes; q++) {
                int image = q * plane;
                int to = q * block;
                for (int j = 0; j < block; j++) {
                    int s = sources[j];
                    if (s >= 0) {
                        cols[to + j] = in[image + s];
                    }
                }
            }
            return Storage.ofFloats(cols, out);
        }
        double[] in = x.doubles();
        double[] cols = new double[Storage.checkedLength(out)];
        for (int q = 0; q < planes; q++) {
            int image = q * plane;
            int to = q * block;
            for (int j = 0; j < block; j++) {
                int s = sources[j];
                if (s >= 0) {
                    cols[to + j] = in[image + s];
                }
            }
        }
        return Storage.ofDoubles(cols, out);
    }

    /** {@code cols [N, C·K, L] → [N, C, H, W]}: every column entry added back to the image element it was read from. */
    static Storage fold(Storage cols, Patches p) {
        long[] shape = cols.shapeRef();
        long channels = shape[1] / p.kernelSize();
        int planes = (int) (shape[0] * channels);
        int plane = (int) (p.height() * p.width());
        int[] sources = p.sources();
        int block = sources.length;
        long[] out = {shape[0], channels, p.height(), p.width()};
        if (cols.dtype() == DataType.FLOAT) {
            float[] in = cols.floats();
            float[] image = new float[Storage.checkedLength(out)];
            for (int q = 0; q < planes; q++) {
                int to = q * plane;
                int from = q * block;
                for (int j = 0; j < block; j++) {
                    int s = sources[j];
                    if (s >= 0) {
                        image[to + s] += in[from + j];
                    }
                }
            }
            return Storage.ofFloats(image, out);
        }
        double[] in = cols.doubles();
        double[] image = new double[Storage.checkedLength(out)];
        for (int q = 0; q < planes; q++) {
            int to = q * plane;
            int from = q * block;
            for (int j = 0; j < block; j++) {
                int s = sources[j];
                if (s >= 0) {
                    image[to + s] += in[from + j];
                }
            }
        }
        return Storage.ofDoubles(image, out);
    }

    /**
     * For {@code x [N, C, H, W]}, the offset within its {@code H·W} plane of each window's maximum, as LONG
     * {@code [N·C, L]}: the first maximum in the window's row-major order, or a NaN (PyTorch's {@code max_pool2d}
     * rule: {@code val > max || isnan(val)}); windows lying wholly on the padding have none and are not allowed.
     */
    static Storage maxPoolIndices(Storage x, Patches p) {
        long[] shape = x.shapeRef();
        int planes = (int) (shape[0] * shape[1]);
        int plane = (int) (p.height() * p.width());
        int[] sources = p.sources();
        int windows = (int) p.windows();
        int kernel = p.kernelSize();
        Vec in = Vec.of(x);
        long[] at = new long[planes * windows];
        for (int q = 0; q < planes; q++) {
            int image = q * plane;
            for (int l = 0; l < windows; l++) {
                double best = Double.NEGATIVE_INFINITY;
                int index = -1;
                for (int k = 0; k < kernel; k++) {
                    int s = sources[k * windows + l];
                    if (s < 0) {
                        continue;
                    }
                    double v = in.get(image + s);
                    if (index < 0 || v > best || v != v) {
                        best = v;
                        index = s;
                    }
                }
                at[q * windows + l] = index;
            }
        }
        return Storage.ofLongs(at, new long[] {planes, windows});
    }
}
