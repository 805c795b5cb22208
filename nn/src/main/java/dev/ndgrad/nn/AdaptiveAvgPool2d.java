package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Adaptive 2-D average pooling (PyTorch's {@code AdaptiveAvgPool2d(output_size)}): whatever the input's
 * {@code H × W}, the output is {@code outH × outW}, output row {@code i} averaging input rows
 * {@code [⌊i·H/outH⌋, ⌈(i+1)·H/outH⌉)} (windows of varying size that may overlap) and likewise across. The average
 * over a rectangle is an average of row averages, so the pooling is two matrix products,
 * {@code y = P_H · x · P_Wᵀ} with {@code P_H [outH, H]} holding {@code 1/|window|} on each window; an output of
 * {@code 1 × 1} (global average pooling) is the mean over {@code H, W}. No parameters.
 */
public final class AdaptiveAvgPool2d extends Module {

    private final long outH;
    private final long outW;

    /** A square {@code size × size} output ({@code 1}: global average pooling). */
    public AdaptiveAvgPool2d(long size) {
        this(size, size);
    }

    public AdaptiveAvgPool2d(long outH, long outW) {
        checkArgument(outH > 0 && outW > 0, "AdaptiveAvgPool2d: output size must be positive, got %sx%s", outH, outW);
        this.outH = outH;
        this.outW = outW;
    }

    /** {@code [N, C, H, W] → [N, C, outH, outW]}; an unbatched {@code [C, H, W]} gives {@code [C, outH, outW]}. */
    @Override
    public Tensor forward(Tensor x) {
        checkNotNull(x, "AdaptiveAvgPool2d: input is null");
        if (!((x.rank() == 4 || x.rank() == 3) && x.dtype().isFPType() && x.size(-1) > 0 && x.size(-2) > 0)) {
            throw new IllegalArgumentException(lenientFormat(
                    "AdaptiveAvgPool2d: input %s must be a floating [N, C, H, W] (or unbatched [C, H, W]) "
                    + "with H, W > 0",
                    Described.of(x)));
        }
        long h = x.size(-2);
        long w = x.size(-1);
        if (outH == 1 && outW == 1) {
            return x.mean(new int[] {-2, -1}, true);
        }
        Tensor acrossPooled = x.matmul(pooling(outW, w, x.dtype()), false, true);     // [..., H, outW]
        return pooling(outH, h, x.dtype()).matmul(acrossPooled);                      // [..., outH, outW]
    }

    /** {@code P [out, in]}: row {@code i} is {@code 1/|window|} on the window {@code [⌊i·in/out⌋, ⌈(i+1)·in/out⌉)}. */
    private static Tensor pooling(long out, long in, DataType dtype) {
        double[] p = new double[Math.toIntExact(out * in)];
        for (long i = 0; i < out; i++) {
            long start = Math.floorDiv(i * in, out);
            long end = -Math.floorDiv(-(i + 1) * in, out);
            for (long j = start; j < end; j++) {
                p[(int) (i * in + j)] = 1.0 / (end - start);
            }
        }
        return Tensor.of(Kernels.fromDoubles(dtype, p, out, in));
    }

    @Override
    protected String extraRepr() {
        return "output_size=(" + outH + ", " + outW + ")";
    }
}
