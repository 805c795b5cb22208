package dev.ndgrad.autograd.kernel;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The sliding windows of a 2-D convolution or pooling over an image of {@code height × width}: kernel, stride,
 * zero padding and dilation per axis, as PyTorch's {@code unfold}. Window {@code (oy, ox)} reads the image at rows
 * {@code oy·strideH − padH + ki·dilationH} ({@code ki < kernelH}) and columns
 * {@code ox·strideW − padW + kj·dilationW}; there are
 * <pre>outH = ⌊(height + 2·padH − dilationH·(kernelH − 1) − 1) / strideH⌋ + 1</pre>
 * of them down (and likewise across), {@code L = outH·outW} in all.
 */
public record Patches(long height, long width, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
        int dilationH, int dilationW) {

    public Patches {
        checkArgument(kernelH > 0 && kernelW > 0 && strideH > 0 && strideW > 0 && dilationH > 0 && dilationW > 0
                && padH >= 0 && padW >= 0, "Patches: kernel, stride and dilation must be positive and padding not "
                + "negative");
    }

    /** Windows down: {@code ⌊(height + 2·padH − dilationH·(kernelH − 1) − 1)/strideH⌋ + 1} (≤ 0: none fit). */
    public long outH() {
        return Math.floorDiv(height + 2L * padH - (long) dilationH * (kernelH - 1) - 1, strideH) + 1;
    }

    /** Windows across. */
    public long outW() {
        return Math.floorDiv(width + 2L * padW - (long) dilationW * (kernelW - 1) - 1, strideW) + 1;
    }

    /** Elements per window, {@code kernelH·kernelW}. */
    public int kernelSize() {
        return kernelH * kernelW;
    }

    /** Windows in all, {@code L = outH·outW}. */
    public long windows() {
        return outH() * outW();
    }

    /**
     * Whether every window has at least one element inside the image (with dilation and padding, a window can lie
     * wholly on the padding; max pooling has no value for it). Rows and columns are independent, so it is checked
     * per axis.
     */
    public boolean everyWindowReachesTheImage() {
        return reaches(outH(), height, kernelH, strideH, padH, dilationH)
                && reaches(outW(), width, kernelW, strideW, padW, dilationW);
    }

    private static boolean reaches(long windows, long size, int kernel, int stride, int pad, int dilation) {
        for (long o = 0; o < windows; o++) {
            boolean inside = false;
            for (int k = 0; k < kernel && !inside; k++) {
                long i = o * stride - pad + (long) k * dilation;
                inside = i >= 0 && i < size;
            }
            if (!inside) {
                return false;
            }
        }
        return true;
    }

    /**
     * For each of the {@code kernelSize()·L} entries of one channel's columns (row {@code k = ki·kernelW + kj},
     * column {@code l = oy·outW + ox}, row-major), the offset of the image element it reads within the channel's
     * {@code height·width} plane, or −1 where the window lies on the padding.
     */
    int[] sources() {
        int outH = (int) outH();
        int outW = (int) outW();
        int windows = outH * outW;
        int[] sources = new int[kernelSize() * windows];
        for (int ki = 0; ki < kernelH; ki++) {
            for (int kj = 0; kj < kernelW; kj++) {
                int row = (ki * kernelW + kj) * windows;
                for (int oy = 0; oy < outH; oy++) {
                    long iy = (long) oy * strideH - padH + (long) ki * dilationH;
                    for (int ox = 0; ox < outW; ox++) {
                        long ix = (long) ox * strideW - padW + (long) kj * dilationW;
                        boolean inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                        sources[row + oy * outW + ox] = inside ? (int) (iy * width + ix) : -1;
                    }
                }
            }
        }
        return sources;
    }
}
