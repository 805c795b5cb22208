package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Shapes;
import java.util.Arrays;

/**
 * Flattens the axes {@code startDim..endDim} into one (PyTorch's {@code Flatten(start_dim=1, end_dim=-1)}): by
 * default {@code [N, C, H, W] → [N, C·H·W]}, the bridge from convolutions to {@link Linear} layers. A reshape (a
 * view); no parameters.
 */
public final class Flatten extends Module {

    private final int startDim;
    private final int endDim;

    /** Everything after the batch axis: {@code [N, …] → [N, features]}. */
    public Flatten() {
        this(1, -1);
    }

    /** Axes {@code startDim} to {@code endDim}, both included (negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkNotNull(x, "Flatten: input is null");
        int rank = Math.max(x.rank(), 1);      // a rank-0 tensor flattens as a [1]
        int start = Shapes.axis("Flatten(start_dim=" + startDim + ")", startDim, rank);
        int end = Shapes.axis("Flatten(end_dim=" + endDim + ")", endDim, rank);
        if (start > end) {
            throw new IllegalArgumentException(String.format(
                    "Flatten: start_dim %d comes after end_dim %d for input %s", startDim, endDim, x.describe()));
        }
        long[] shape = x.rank() == 0 ? new long[] {1} : x.shape();
        long[] out = new long[shape.length - (end - start)];
        System.arraycopy(shape, 0, out, 0, start);
        out[start] = Shapes.length(Arrays.copyOfRange(shape, start, end + 1));
        System.arraycopy(shape, end + 1, out, start + 1, shape.length - end - 1);
        return x.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
