package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Patches;
import dev.ndgrad.autograd.kernel.Storage;

/**
 * The sliding-window ops of convolution and pooling: {@link Unfold} (im2col) and {@link Fold} (col2im). Both are
 * linear and each is the other's adjoint, so each one's backward is the other, and derivatives of any order
 * follow. A 2-D convolution is then {@code weight [O, C·K] · unfold(x) [N, C·K, L]}: one batched matrix product.
 */
final class PatchOps {

    private PatchOps() {}

    static final OpKind UNFOLD = OpKind.of("unfold");

    /** y = im2col(x): {@code [N, C, H, W] → [N, C·K, L]};  ∂x = fold(g). */
    static final class Unfold extends Primitive {
        private final Window2d window;

        Unfold(Window2d window) {
            super(UNFOLD);
            this.window = window;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Tensor x = image(name(), in[0]);
            return Kernels.unfold(x.storage(), patches(name(), window, x.size(2), x.size(3), x));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            long[] shape = ctx.inputShape(0);
            return new Tensor[] {new Fold(window, shape[2], shape[3]).apply(grad)};
        }
    }

    static final OpKind FOLD = OpKind.of("fold");

    /** y = col2im(x): {@code [N, C·K, L] → [N, C, H, W]}, overlapping windows summed;  ∂x = unfold(g). */
    static final class Fold extends Primitive {
        private final Window2d window;
        private final long height;
        private final long width;

        Fold(Window2d window, long height, long width) {
            super(FOLD);
            this.window = window;
            this.height = height;
            this.width = width;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Checks.floating(name(), x, 0);
            Patches p = patches(name(), window, height, width, x);
            int k = window.kernelSize();
            if (x.rank() != 3 || x.size(1) % k != 0 || x.size(2) != p.windows()) {
                throw new IllegalArgumentException(String.format(
                        "fold: input %s must be [N, C·%d, %d]: %d elements per window, %dx%d window positions of "
                                + "%s over %dx%d", x.describe(), k, p.windows(), k, p.outH(), p.outW(), window, height,
                        width));
            }
            return Kernels.fold(x.storage(), p);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new Unfold(window).apply(grad)};
        }
    }

    static final OpKind MAX_POOL = OpKind.of("maxPool2d");

    /**
     * y = the maximum of each window of {@code x [N, C, H, W]} (the padding counting as −∞);  ∂x = g at the
     * position of each window's maximum (the first, at ties, as PyTorch), summed where windows overlap: the
     * scatter {@link MaxPoolBackward}, whose own backward is a gather at the same positions.
     */
    static final class MaxPool extends Primitive {
        private final Window2d window;

        MaxPool(Window2d window) {
            super(MAX_POOL);
            this.window = window;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            Tensor x = image(name(), in[0]);
            if (2 * window.paddingHeight() > window.kernelHeight() || 2 * window.paddingWidth() > window.kernelWidth()) {
                throw new IllegalArgumentException(String.format(
                        "maxPool2d: padding must be at most half the kernel size (so every window reaches into the "
                                + "image), got %s", window));
            }
            Patches p = patches(name(), window, x.size(2), x.size(3), x);
            if (!p.everyWindowReachesTheImage()) {
                throw new IllegalArgumentException(String.format(
                        "maxPool2d: with %s some window over %dx%d (of %s) lies wholly on the padding and has no "
                                + "maximum", window, x.size(2), x.size(3), x.describe()));
            }
            Kernels.MaxPool pooled = Kernels.maxPool2d(x.storage(), p);
            ctx.saveForBackward(Tensor.constant(pooled.indices()));
            return pooled.values();
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {new MaxPoolBackward(ctx.inputShape(0)).apply(grad, ctx.saved(0))};
        }
    }

    static final OpKind MAX_POOL_BACKWARD = OpKind.of("maxPool2dBackward");

    /**
     * y = zeros of the image's shape {@code [N, C, H, W]} with each entry of g {@code [N, C, outH, outW]} added at its
     * window's maximum (input 1: the plane offsets {@code [N·C, L]});  ∂g = ȳ gathered at the same offsets.
     */
    static final class MaxPoolBackward extends Primitive {
        private final long[] shape;

        MaxPoolBackward(long[] shape) {
            super(MAX_POOL_BACKWARD);
            this.shape = shape;
        }

        @Override
        protected Storage compute(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return Kernels.maxPoolScatter(in[0].storage(), in[1].storage(), shape);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            long[] g = ctx.inputShape(0);
            Tensor planes = grad.reshape(shape[0] * shape[1], shape[2] * shape[3]);
            return new Tensor[] {planes.gather(1, ctx.saved(0)).reshape(g), null};
        }
    }

    /** {@code x} if it is a floating image batch {@code [N, C, H, W]}, else an error naming the op. */
    private static Tensor image(String op, Tensor x) {
        Checks.floating(op, x, 0);
        if (x.rank() != 4) {
            throw new IllegalArgumentException(String.format("%s: input %s must be [N, C, H, W] (rank 4)", op,
                    x.describe()));
        }
        return x;
    }

    /** The windows over {@code height × width}, or an error naming the op when none fits. */
    static Patches patches(String op, Window2d window, long height, long width, Tensor x) {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException(String.format("%s: image size %dx%d must not be negative", op, height,
                    width));
        }
        Patches p = window.over(height, width);
        if (p.outH() < 1 || p.outW() < 1) {
            throw new IllegalArgumentException(String.format(
                    "%s: no window fits: %s over %dx%d (of %s) leaves %dx%d windows; the dilated kernel "
                            + "(%d, %d) must fit the padded image (%d, %d)", op, window, height, width, x.describe(),
                    p.outH(), p.outW(), (long) window.dilationHeight() * (window.kernelHeight() - 1) + 1,
                    (long) window.dilationWidth() * (window.kernelWidth() - 1) + 1,
                    height + 2L * window.paddingHeight(), width + 2L * window.paddingWidth()));
        }
        return p;
    }
}
