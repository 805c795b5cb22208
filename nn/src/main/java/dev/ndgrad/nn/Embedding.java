package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A lookup table: row {@code i} of {@code weight [num, dim]} is the vector of token {@code i}, so integer
 * indices of any shape {@code [*]} become {@code [*, dim]} (PyTorch's {@code Embedding(num_embeddings,
 * embedding_dim, padding_idx)}). The lookup is the product of a one-hot row with the table, so
 * {@code ∂L/∂weight[i]} is the sum of the output gradients at the positions holding {@code i}.
 *
 * <p>A padding index {@code p} (e.g. the filler of short sequences) names a row that starts at zero and never
 * receives a gradient, so it stays what it is (zero, unless a state dict loads something else) — PyTorch's
 * {@code padding_idx}, negative values counting from the end. Initialisation as PyTorch: {@code N(0, 1)}.
 * The state-dict key is {@code weight}.
 */
public final class Embedding extends Module {

    private final long num;
    private final long dim;
    private final long paddingIdx;   // −1: none (a negative index given by the caller is resolved in the constructor)
    private final Parameter weight;

    /** {@code num} vectors of size {@code dim}, no padding index, default dtype, from {@link Init#defaultRandom()}. */
    public Embedding(long num, long dim) {
        this(num, dim, Nd4j.defaultFloatingPointType(), Init.defaultRandom());
    }

    /** With the padding index {@code paddingIdx} ({@code −num ≤ paddingIdx < num}; negative counts from the end). */
    public Embedding(long num, long dim, long paddingIdx) {
        this(num, dim, paddingIdx, Nd4j.defaultFloatingPointType(), Init.defaultRandom());
    }

    public Embedding(long num, long dim, DataType dtype, Random random) {
        this(num, dim, false, 0, dtype, random);
    }

    public Embedding(long num, long dim, long paddingIdx, DataType dtype, Random random) {
        this(num, dim, true, paddingIdx, dtype, random);
    }

    private Embedding(long num, long dim, boolean padded, long paddingIdx, DataType dtype, Random random) {
        checkArgument(num > 0 && dim > 0, "Embedding: num and dim must be positive, got num=%s, dim=%s", num, dim);
        checkArgument(!padded || (paddingIdx >= -num && paddingIdx < num),
                "Embedding(%s, %s): padding index %s must be within [-%s, %s)", num, dim, paddingIdx, num, num);
        checkArgument(dtype != null && dtype.isFPType(), "Embedding: needs a floating dtype, got %s", dtype);
        checkNotNull(random, "Embedding: random is null");
        this.num = num;
        this.dim = dim;
        this.paddingIdx = !padded ? -1 : paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        Tensor table = Init.normal(Tensor.zeros(dtype, num, dim), 1.0, random);
        if (padded) {
            Tensor rowNumbers = Tensor.indices(LongStream.range(0, num).toArray());
            Tensor isPadding = rowNumbers.eq(Tensor.indices(this.paddingIdx)).reshape(num, 1);
            table = Tensor.where(isPadding, Tensor.zeros(dtype), table).detach();
        }
        this.weight = param("weight", table);
    }

    /** The rows of {@code weight} at {@code indices}, an integer tensor {@code [*]}: {@code [*, dim]}. */
    @Override
    public Tensor forward(Tensor indices) {
        checkNotNull(indices, "Embedding: indices are null");
        if (indices.dtype().isFPType() || !indices.dtype().isNumerical()) {
            throw new IllegalArgumentException(lenientFormat(
                    "Embedding(%s, %s): indices %s must be an integer tensor (e.g. Tensor.indices)", num, dim,
                    Described.of(indices)));
        }
        Tensor index = indices.reshape(indices.size());
        long[] flat = Kernels.longs(index.storage());
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] < 0 || flat[i] >= num) {
                throw new IndexOutOfBoundsException(String.format(
                        "Embedding(%d, %d): index %d at position %d of %s is out of range [0, %d)", num, dim, flat[i],
                        i, indices.describe(), num));
            }
        }
        Tensor rows = weight.get().indexSelect(index);
        if (paddingIdx >= 0) {
            // same values, but the gradient reaches only the rows picked by non-padding positions
            Tensor isPadding = index.eq(Tensor.scalar(index.dtype(), paddingIdx)).reshape(flat.length, 1);
            rows = Tensor.where(isPadding, rows.detach(), rows);
        }
        long[] shape = Arrays.copyOf(indices.shape(), indices.rank() + 1);
        shape[indices.rank()] = dim;
        return rows.reshape(shape);
    }

    /** The table {@code [num, dim]}. */
    public Tensor weight() {
        return weight.get();
    }

    /** The padding index in {@code [0, num)}, or −1 if there is none. */
    public long paddingIdx() {
        return paddingIdx;
    }

    @Override
    protected String extraRepr() {
        return num + ", " + dim + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "");
    }
}
