package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which keys each query of a {@link MultiheadAttention} may attend to: an immutable combination of PyTorch's
 * {@code key_padding_mask} and {@code attn_mask} (boolean or float), and a causal mask. Blocked scores are set
 * to {@code −∞} before the softmax, so they get weight 0 and no gradient; additive masks are added to the
 * scores.
 *
 * <pre>{@code
 * AttentionMask mask = AttentionMask.causal().withKeyPadding(padding);   // padding [batch, S]: 1 = pad
 * }</pre>
 *
 * <p>A query for which every key is blocked has no defined attention (the softmax of only {@code −∞}): its
 * weights, its output and any gradient through them are NaN, as in PyTorch (1.13, the differentiable path).
 * Leave at least one key per query (e.g. never pad a whole sequence).
 *
 * <p>Masks are constants: they get no gradient. A mask given as a tensor may have any numeric dtype; "blocked"
 * and "padding" mean non-zero.
 */
public final class AttentionMask {

    private static final AttentionMask NONE = new AttentionMask(false, null, null, null);
    private static final int CACHED_CAUSAL_MASKS = 64;
    private static final Map<Long, Tensor> CAUSAL = new ConcurrentHashMap<>();

    private final boolean causal;
    private final Tensor keyPadding;
    private final Tensor blocked;
    private final Tensor additive;

    private AttentionMask(boolean causal, Tensor keyPadding, Tensor blocked, Tensor additive) {
        this.causal = causal;
        this.keyPadding = keyPadding;
        this.blocked = blocked;
        this.additive = additive;
    }

    /** Every query attends to every key. */
    public static AttentionMask none() {
        return NONE;
    }

    /**
     * Query {@code i} attends to keys {@code j ≤ i} only (PyTorch's {@code generate_square_subsequent_mask},
     * {@code is_causal}): a position cannot look ahead.
     */
    public static AttentionMask causal() {
        return NONE.withCausal();
    }

    /** {@link #none()} with the key padding {@code padding} (see {@link #withKeyPadding}). */
    public static AttentionMask keyPadding(Tensor padding) {
        return NONE.withKeyPadding(padding);
    }

    /** {@link #none()} with the blocked pairs {@code blocked} (see {@link #withBlocked}). */
    public static AttentionMask blocked(Tensor blocked) {
        return NONE.withBlocked(blocked);
    }

    /** {@link #none()} with the additive mask {@code bias} (see {@link #withAdditive}). */
    public static AttentionMask additive(Tensor bias) {
        return NONE.withAdditive(bias);
    }

    /** This mask and the causal one. */
    public AttentionMask withCausal() {
        return new AttentionMask(true, keyPadding, blocked, additive);
    }

    /**
     * This mask and a key padding {@code [batch, S]}: a non-zero entry {@code (b, j)} hides key {@code j} from
     * every query of example {@code b} (PyTorch's boolean {@code key_padding_mask}: {@code True} = padding).
     */
    public AttentionMask withKeyPadding(Tensor padding) {
        checkArgument(keyPadding == null, "AttentionMask: a key padding is already set");
        if (!(checkNotNull(padding, "AttentionMask: key padding is null").rank() == 2)) {
            throw new IllegalArgumentException(lenientFormat(
                    "AttentionMask: key padding %s must be [batch, S]", Described.of(padding)));
        }
        return new AttentionMask(causal, padding, blocked, additive);
    }

    /**
     * This mask and blocked pairs {@code [L, S]} (every example and head) or {@code [batch·heads, L, S]}
     * (example-major, as PyTorch): a non-zero entry {@code (i, j)} keeps query {@code i} from key {@code j}
     * (PyTorch's boolean {@code attn_mask}).
     */
    public AttentionMask withBlocked(Tensor blocked) {
        checkArgument(this.blocked == null, "AttentionMask: blocked pairs are already set");
        checkPairMask("blocked pairs", blocked);
        return new AttentionMask(causal, keyPadding, blocked, additive);
    }

    /**
     * This mask and an additive mask {@code [L, S]} or {@code [batch·heads, L, S]} of the scores' floating dtype,
     * added to the scaled scores before the softmax (PyTorch's float {@code attn_mask}; {@code −∞} blocks a pair,
     * finite values bias it, as relative-position or ALiBi biases do).
     */
    public AttentionMask withAdditive(Tensor bias) {
        checkArgument(additive == null, "AttentionMask: an additive mask is already set");
        checkPairMask("additive mask", bias);
        if (!bias.dtype().isFPType()) {
            throw new IllegalArgumentException(lenientFormat(
                    "AttentionMask: additive mask %s must be floating-point",
                    Described.of(bias)));
        }
        return new AttentionMask(causal, keyPadding, blocked, bias);
    }

    private static void checkPairMask(String what, Tensor mask) {
        checkNotNull(mask, "AttentionMask: %s is null", what);
        if (!(mask.rank() == 2 || mask.rank() == 3)) {
            throw new IllegalArgumentException(lenientFormat(
                    "AttentionMask: %s %s must be [L, S] or [batch·heads, L, S]",
                    what, Described.of(mask)));
        }
    }

    /** Whether no mask is set. */
    public boolean isNone() {
        return !causal && keyPadding == null && blocked == null && additive == null;
    }

    /**
     * The scores {@code [batch, heads, L, S]} with this mask applied: the additive mask added, then every blocked
     * score replaced by {@code −∞}.
     */
    Tensor apply(Tensor scores) {
        long batch = scores.size(0);
        long heads = scores.size(1);
        long queries = scores.size(2);
        long keys = scores.size(3);
        Tensor masked = scores;
        if (additive != null) {
            if (additive.dtype() != scores.dtype()) {
                throw new IllegalArgumentException(lenientFormat(
                        "AttentionMask: additive mask %s must have the scores' "
                        + "dtype %s", Described.of(additive), scores.dtype()));
            }
            masked = masked.add(perPair("additive mask", additive, batch, heads, queries, keys));
        }
        Tensor minusInfinity = Tensor.scalar(scores.dtype(), Double.NEGATIVE_INFINITY);
        if (blocked != null) {
            masked = Tensor.where(perPair("blocked pairs", blocked, batch, heads, queries, keys), minusInfinity, masked);
        }
        if (causal) {
            masked = Tensor.where(causalMask(queries, keys), minusInfinity, masked);
        }
        if (keyPadding != null) {
            if (!(keyPadding.size(0) == batch && keyPadding.size(1) == keys)) {
                throw new IllegalArgumentException(lenientFormat(
                        "AttentionMask: key padding %s must be [batch, S] = [%s, %s]",
                        Described.of(keyPadding), batch, keys));
            }
            masked = Tensor.where(keyPadding.reshape(batch, 1, 1, keys), minusInfinity, masked);
        }
        return masked;
    }

    private static Tensor perPair(String what, Tensor mask, long batch, long heads, long queries, long keys) {
        long[] shape = mask.shape();
        if (mask.rank() == 2) {
            if (!(shape[0] == queries && shape[1] == keys)) {
                throw new IllegalArgumentException(lenientFormat(
                        "AttentionMask: %s %s must be [L, S] = [%s, %s]",
                        what, Described.of(mask), queries, keys));
            }
            return mask;
        }
        if (!Arrays.equals(shape, new long[] {batch * heads, queries, keys})) {
            throw new IllegalArgumentException(lenientFormat(
                    "AttentionMask: %s %s must be [batch·heads, L, S] = [%s, %s, %s]", what, Described.of(mask),
                    batch * heads, queries, keys));
        }
        return mask.reshape(batch, heads, queries, keys);
    }

    /** 1 where key {@code j} lies after query {@code i}; one constant per size, kept for the next call. */
    static Tensor causalMask(long queries, long keys) {
        checkArgument(queries < (1L << 31) && keys < (1L << 31), "AttentionMask: %s × %s is too large", queries, keys);
        long key = (queries << 32) | keys;
        Tensor mask = CAUSAL.get(key);
        if (mask == null) {
            double[][] rows = new double[Math.toIntExact(queries)][Math.toIntExact(keys)];
            for (int i = 0; i < queries; i++) {
                for (int j = i + 1; j < keys; j++) {
                    rows[i][j] = 1;
                }
            }
            mask = Tensor.of(rows);
            if (CAUSAL.size() >= CACHED_CAUSAL_MASKS) {
                CAUSAL.clear();   // many distinct lengths: start over rather than grow without bound
            }
            CAUSAL.put(key, mask);
        }
        return mask;
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "AttentionMask(none)";
        }
        StringBuilder s = new StringBuilder("AttentionMask(");
        String sep = "";
        if (causal) {
            s.append("causal");
            sep = ", ";
        }
        if (keyPadding != null) {
            s.append(sep).append("keyPadding=").append(keyPadding.describe());
            sep = ", ";
        }
        if (blocked != null) {
            s.append(sep).append("blocked=").append(blocked.describe());
            sep = ", ";
        }
        if (additive != null) {
            s.append(sep).append("additive=").append(additive.describe());
        }
        return s.append(')').toString();
    }
}
