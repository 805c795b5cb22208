package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Data augmentation for grey-scale images stored as rows of {@code height * width} pixels (row-major, as in
 * MNIST): each image of a batch is independently flipped left-right with probability {@code flipProbability} and
 * shifted by a whole number of pixels {@code dy, dx} drawn uniformly from {@code [-maxShift, maxShift]}, the
 * uncovered border filled with zeros. The lecture notes list flips and small distortions as a cheap way to get
 * more training data against high variance.
 *
 * <p>Output pixel {@code (y, x)} is input pixel {@code (y - dy, x' - dx)}, where {@code x' = width - 1 - x} for a
 * flipped image and {@code x} otherwise; a source outside the image gives 0.
 *
 * <pre>{@code
 * BatchTransform augment = ImageAugmentation.builder(28, 28).horizontalFlip(0.5).maxShift(2).build();
 * DataLoader loader = DataLoader.builder(train).batchSize(128).shuffle(true).seed(1).transform(augment).build();
 * }</pre>
 */
public final class ImageAugmentation implements BatchTransform {

    private final int height;
    private final int width;
    private final double flipProbability;
    private final int maxShift;

    private ImageAugmentation(Builder b) {
        this.height = b.height;
        this.width = b.width;
        this.flipProbability = b.flipProbability;
        this.maxShift = b.maxShift;
    }

    /** A builder for images of {@code height x width} pixels; by default it changes nothing. */
    public static Builder builder(int height, int width) {
        return new Builder(height, width);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Values are only moved, never combined, so the work is done on a copy in the features' own precision
     * ({@code double[]} for DOUBLE, {@code float[]} otherwise): one copy out of ND4J and one back per batch.
     */
    @Override
    public INDArray apply(INDArray features, Random random) {
        checkArgument(features.rank() == 2 && features.size(1) == (long) height * width,
                "ImageAugmentation: features %s are not rows of %sx%s = %s pixels", Arrays.toString(features.shape()),
                height, width, height * width);
        int rows = Math.toIntExact(features.size(0));
        int[][] sources = new int[rows][];
        for (int r = 0; r < rows; r++) {
            boolean flip = flipProbability > 0 && random.nextDouble() < flipProbability;
            int dy = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
            int dx = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
            sources[r] = sourcePixels(flip, dy, dx);
        }
        int pixels = height * width;
        if (features.dataType() == DataType.DOUBLE) {
            double[] in = features.dup('c').data().asDouble();
            double[] out = new double[in.length];
            for (int r = 0; r < rows; r++) {
                for (int p = 0; p < pixels; p++) {
                    int from = sources[r][p];
                    out[r * pixels + p] = from < 0 ? 0 : in[r * pixels + from];
                }
            }
            return Nd4j.create(out, features.shape(), 'c');
        }
        float[] in = features.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < pixels; p++) {
                int from = sources[r][p];
                out[r * pixels + p] = from < 0 ? 0 : in[r * pixels + from];
            }
        }
        return Nd4j.create(out, features.shape(), 'c').castTo(features.dataType());
    }

    /** For each output pixel {@code y·width + x}, the input pixel it comes from, or -1 for the zero border. */
    private int[] sourcePixels(boolean flip, int dy, int dx) {
        int[] source = new int[height * width];
        for (int y = 0; y < height; y++) {
            int sy = y - dy;
            for (int x = 0; x < width; x++) {
                int sx = (flip ? width - 1 - x : x) - dx;
                boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                source[y * width + x] = inside ? sy * width + sx : -1;
            }
        }
        return source;
    }

    @Override
    public String toString() {
        return "ImageAugmentation[" + height + "x" + width + ", flip p=" + flipProbability + ", shift ±" + maxShift
                + "]";
    }

    /** Configures an {@link ImageAugmentation}. */
    public static final class Builder {
        private final int height;
        private final int width;
        private double flipProbability;
        private int maxShift;

        private Builder(int height, int width) {
            checkArgument(height > 0 && width > 0, "ImageAugmentation: image size %sx%s must be positive", height,
                    width);
            this.height = height;
            this.width = width;
        }

        /** Flip each image left-right with this probability (0.5 is usual; 0 turns flipping off). */
        public Builder horizontalFlip(double probability) {
            checkArgument(probability >= 0 && probability <= 1, "ImageAugmentation: flip probability %s not in [0, 1]",
                    probability);
            this.flipProbability = probability;
            return this;
        }

        /** Shift each image by up to {@code pixels} in each direction (0 turns shifting off). */
        public Builder maxShift(int pixels) {
            checkArgument(pixels >= 0 && pixels < Math.min(height, width),
                    "ImageAugmentation: max shift %s must be in [0, %s) for %sx%s images", pixels,
                    Math.min(height, width), height, width);
            this.maxShift = pixels;
            return this;
        }

        public ImageAugmentation build() {
            return new ImageAugmentation(this);
        }
    }
}
