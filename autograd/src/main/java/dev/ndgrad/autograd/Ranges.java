package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

/** The values of {@link Tensor}'s range factories (arange, linspace, eye), with PyTorch's lengths and endpoints. */
final class Ranges {

    private Ranges() {}

    /** The largest number of elements a factory makes (one JVM array). */
    private static final long MAX_LENGTH = Integer.MAX_VALUE - 8;

    /**
     * {@code start, start + step, …} while below {@code end} (above it for a negative step): {@code ⌈(end − start)/step⌉}
     * elements, as {@code torch.arange}.
     */
    static double[] arange(double start, double end, double step) {
        checkArgument(Double.isFinite(start) && Double.isFinite(end) && Double.isFinite(step),
                "arange: start %s, end %s and step %s must be finite", start, end, step);
        checkArgument(step != 0, "arange: step must not be 0");
        checkArgument((end - start) * step >= 0, "arange: step %s points away from end %s (start %s)", step, end, start);
        double count = Math.ceil((end - start) / step);
        checkArgument(count <= MAX_LENGTH, "arange: [%s, %s) in steps of %s has %s elements, more than fit in one array",
                start, end, step, count);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = start + i * step;
        }
        return values;
    }

    /** {@code start, start + step, …} below {@code end} (above it for a negative step), exactly, as longs. */
    static long[] arange(long start, long end, long step) {
        checkArgument(step != 0, "arange: step must not be 0");
        checkArgument(step > 0 ? start <= end : start >= end, "arange: step %s points away from end %s (start %s)", step,
                end, start);
        long span = Math.subtractExact(end, start);
        long count = span / step + (span % step == 0 ? 0 : 1);
        checkArgument(count <= MAX_LENGTH, "arange: [%s, %s) in steps of %s has %s elements, more than fit in one array",
                start, end, step, count);
        long[] values = new long[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = start + i * step;
        }
        return values;
    }

    /**
     * {@code steps} evenly spaced values from {@code start} to {@code end}, both included. As {@code torch.linspace},
     * the first half counts up from start and the second half down from end, so both ends are exact.
     */
    static double[] linspace(double start, double end, long steps) {
        checkArgument(steps >= 0 && steps <= MAX_LENGTH, "linspace: steps must be in [0, %s], got %s", MAX_LENGTH,
                steps);
        double[] values = new double[(int) steps];
        if (steps == 1) {
            values[0] = start;
            return values;
        }
        double step = (end - start) / (steps - 1);
        int half = (int) (steps / 2);
        for (int i = 0; i < values.length; i++) {
            values[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
        }
        return values;
    }

    /** The {@code rows × cols} identity: 1 on the diagonal, 0 elsewhere, row-major. */
    static double[] eye(long rows, long cols) {
        checkArgument(rows >= 0 && cols >= 0, "eye: rows %s and cols %s must not be negative", rows, cols);
        checkArgument(rows * (double) cols <= MAX_LENGTH, "eye: %s × %s has more elements than fit in one array", rows,
                cols);
        double[] values = new double[(int) (rows * cols)];
        for (long i = 0; i < Math.min(rows, cols); i++) {
            values[(int) (i * cols + i)] = 1;
        }
        return values;
    }
}
