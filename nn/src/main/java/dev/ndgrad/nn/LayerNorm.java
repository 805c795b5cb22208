package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016): each example is standardised over its last axes, the
 * {@code normalizedShape}, then scaled and shifted elementwise:
 * <pre>μ, σ² = mean and biased variance of x over the last k axes,   y = (x − μ)/√(σ² + ε) ⊙ γ + β</pre>
 * Unlike batch norm it uses no batch statistics, so training and evaluation compute the same function. The
 * gradient flows through μ and σ² as well.
 *
 * <p>PyTorch's {@code LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True)}: {@code weight}
 * (γ, ones) and {@code bias} (β, zeros) of shape {@code normalizedShape}; input {@code [*, normalizedShape]}.
 */
public final class LayerNorm extends Module {

    private final long[] shape;
    private final int[] axes;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /** Over the last axes of sizes {@code normalizedShape}, {@code ε = 1e−5}, with γ and β, default dtype. */
    public LayerNorm(long... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        this(normalizedShape, eps, elementwiseAffine, Nd4j.defaultFloatingPointType());
    }

    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine, DataType dtype) {
        checkNotNull(normalizedShape, "LayerNorm: normalizedShape is null");
        if (!(normalizedShape.length > 0 && Arrays.stream(normalizedShape).allMatch(d -> d > 0))) {
            throw new IllegalArgumentException(lenientFormat(
                    "LayerNorm: normalizedShape must be a non-empty list of positive sizes, got %s",
                    Arrays.toString(normalizedShape)));
        }
        checkArgument(eps > 0, "LayerNorm: eps must be positive, got %s", eps);
        checkArgument(dtype != null && dtype.isFPType(), "LayerNorm: needs a floating dtype, got %s", dtype);
        this.shape = normalizedShape.clone();
        this.axes = new int[shape.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i - shape.length;
        }
        this.eps = eps;
        this.weight = elementwiseAffine ? param("weight", Tensor.ones(dtype, shape)) : null;
        this.bias = elementwiseAffine ? param("bias", Tensor.zeros(dtype, shape)) : null;
    }

    /** {@code x [*, normalizedShape]} standardised over its last axes, then {@code ⊙ γ + β}. */
    @Override
    public Tensor forward(Tensor x) {
        checkNotNull(x, "LayerNorm: input is null");
        int k = shape.length;
        boolean fits = x.rank() >= k
                && Arrays.equals(Arrays.copyOfRange(x.shape(), x.rank() - k, x.rank()), shape);
        if (!fits) {
            throw new IllegalArgumentException(lenientFormat(
                    "LayerNorm(%s): input %s must end with the normalised shape %s", Arrays.toString(shape),
                    Described.of(x), Arrays.toString(shape)));
        }
        Standardization.checkDtype("LayerNorm(" + Arrays.toString(shape) + ")", x, weight);
        Tensor normalised = Standardization.overAxes(x, axes, eps);
        return weight == null ? normalised : normalised.mul(weight.get()).add(bias.get());
    }

    /** γ of shape {@code normalizedShape}, or {@code null} without elementwise affine. */
    public Tensor weight() {
        return weight == null ? null : weight.get();
    }

    /** β of shape {@code normalizedShape}, or {@code null} without elementwise affine. */
    public Tensor bias() {
        return bias == null ? null : bias.get();
    }

    @Override
    protected String extraRepr() {
        return Arrays.toString(shape) + ", eps=" + eps + ", elementwise_affine=" + (weight != null);
    }
}
