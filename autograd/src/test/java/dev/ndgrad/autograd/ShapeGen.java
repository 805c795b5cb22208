package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Layout generators for the op table: small shapes (dimensions 1..4, rank 0..3), broadcasting
 * pairs and triples, axes, permutations, indices. Shapes shrink towards lower rank and size 1, so a
 * failing case shrinks to the smallest shape that still fails.
 */
final class ShapeGen {

    private ShapeGen() {}

    static final int MAX_DIM = 4;

    /** A shape of rank {@code minRank..maxRank} with dimensions 1..4. */
    static Arbitrary<long[]> shape(int minRank, int maxRank) {
        return Arbitraries.longs().between(1, MAX_DIM).array(long[].class).ofMinSize(minRank).ofMaxSize(maxRank);
    }

    /**
     * A shape that broadcasts to {@code full}: some leading axes dropped and some of the rest set to 1
     * (NumPy's rules, read backwards).
     */
    static Arbitrary<long[]> broadcastableTo(long[] full) {
        int rank = full.length;
        Arbitrary<Integer> dropped = Arbitraries.integers().between(0, rank);
        Arbitrary<List<Boolean>> ones = Arbitraries.integers().between(0, 2).map(i -> i == 0).list().ofSize(rank);
        return Combinators.combine(dropped, ones).as((drop, one) -> {
            long[] s = Arrays.copyOfRange(full, drop, rank);
            for (int i = 0; i < s.length; i++) {
                if (one.get(drop + i)) {
                    s[i] = 1;
                }
            }
            return s;
        });
    }

    /** {@code n} shapes that broadcast together (to a common shape of rank ≤ maxRank). */
    static Arbitrary<List<long[]>> broadcasting(int n, int maxRank) {
        return shape(0, maxRank).flatMap(full -> broadcastableTo(full).list().ofSize(n));
    }

    /** One shape of rank minRank..maxRank. */
    static Arbitrary<Layout> unary(int minRank, int maxRank) {
        return shape(minRank, maxRank).map(Layout::of);
    }

    /** A shape of rank ≥ 1 with an axis (possibly negative) and keepDims: params [axis, keepDims]. */
    static Arbitrary<Layout> withAxis(int minRank, int maxRank) {
        return shape(Math.max(1, minRank), maxRank).flatMap(s -> Combinators.combine(
                Arbitraries.integers().between(-s.length, s.length - 1), Arbitraries.of(0, 1))
                .as((axis, keep) -> Layout.of(s).withParams(axis, keep)));
    }

    /** A shape with a set of distinct axes (possibly none) and keepDims: params [keepDims, axes...]. */
    static Arbitrary<Layout> withAxes(int maxRank) {
        return shape(0, maxRank).flatMap(s -> Combinators.combine(
                Arbitraries.of(true, false).list().ofSize(s.length), Arbitraries.of(0, 1)).as((chosen, keep) -> {
                    int[] p = IntStream.concat(IntStream.of(keep),
                            IntStream.range(0, s.length).filter(chosen::get)).toArray();
                    return Layout.of(s).withParams(p);
                }));
    }

    /**
     * Operands of a (possibly batched) matrix product with transpose flags: params [transA, transB].
     * Batch dimensions broadcast (rank 0..2 each), so 2-D, batched and mixed cases all occur.
     */
    static Arbitrary<Layout> matmul(int maxBatchRank, boolean withFlags) {
        Arbitrary<long[]> dims = Arbitraries.longs().between(1, MAX_DIM).array(long[].class).ofSize(3);
        Arbitrary<List<Boolean>> flags = withFlags ? Arbitraries.of(true, false).list().ofSize(2)
                : Arbitraries.just(List.of(false, false));
        return Combinators.combine(broadcasting(2, maxBatchRank), dims, flags).as((batch, nkm, t) -> {
            long n = nkm[0];
            long k = nkm[1];
            long m = nkm[2];
            long[] a = t.get(0) ? matrix(batch.get(0), k, n) : matrix(batch.get(0), n, k);
            long[] b = t.get(1) ? matrix(batch.get(1), m, k) : matrix(batch.get(1), k, m);
            return Layout.of(a, b).withParams(t.get(0) ? 1 : 0, t.get(1) ? 1 : 0);
        });
    }

    /** {@code x [..., in]} (0..maxBatchRank leading axes), {@code W [out, in]}, {@code b [out]}: params [with bias]. */
    static Arbitrary<Layout> linear(int maxBatchRank) {
        return Combinators.combine(shape(0, maxBatchRank), Arbitraries.longs().between(1, MAX_DIM),
                Arbitraries.longs().between(1, MAX_DIM), Arbitraries.of(0, 1)).as((batch, in, out, withBias) -> {
                    long[] x = Arrays.copyOf(batch, batch.length + 1);
                    x[batch.length] = in;
                    return Layout.of(x, new long[] {out, in}, new long[] {out}).withParams(withBias);
                });
    }

    /** [k, n] and [m, k]: their transposes multiply. */
    static Arbitrary<Layout> transposedMatmul() {
        return Arbitraries.longs().between(1, MAX_DIM).array(long[].class).ofSize(3)
                .map(d -> Layout.of(new long[] {d[1], d[0]}, new long[] {d[2], d[1]}));
    }

    /** A matrix [a, b] and a shape that broadcasts with its transpose [b, a]. */
    static Arbitrary<Layout> transposedPair() {
        return shape(2, 2).flatMap(s -> broadcastableTo(new long[] {s[1], s[0]}).map(t -> Layout.of(s, t)));
    }

    private static long[] matrix(long[] batch, long rows, long cols) {
        long[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }

    /** A shape and a permutation of its axes: params = the permutation. */
    static Arbitrary<Layout> permutation(int maxRank) {
        return shape(0, maxRank).flatMap(s -> Arbitraries.shuffle(boxedRange(s.length))
                .map(p -> Layout.of(s).withParams(p.stream().mapToInt(Integer::intValue).toArray())));
    }

    /** A shape and two axes (possibly equal, possibly negative): params [axis1, axis2]. */
    static Arbitrary<Layout> twoAxes(int minRank, int maxRank) {
        return shape(minRank, maxRank).flatMap(s -> Arbitraries.integers().between(-s.length, s.length - 1)
                .array(int[].class).ofSize(2).map(p -> Layout.of(s).withParams(p)));
    }

    /** A shape and a target with the same number of elements (maybe with one −1), via the layout's target. */
    static Arbitrary<Layout> reshape(int maxRank) {
        return shape(0, maxRank).flatMap(s -> Arbitraries.integers().between(0, 4).map(mode -> {
            long n = Shapes.length(s);
            long[] reversed = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                reversed[i] = s[s.length - 1 - i];
            }
            long[] target = switch (mode) {
                case 0 -> new long[] {n};
                case 1 -> new long[] {-1};
                case 2 -> new long[] {1, n, 1};
                case 3 -> reversed;
                default -> reversed.length == 0 ? new long[] {-1, 1} : withMinusOne(reversed);
            };
            return Layout.of(s).withTarget(target);
        }));
    }

    private static long[] withMinusOne(long[] shape) {
        long[] out = shape.clone();
        out[0] = -1;
        return out;
    }

    /** A shape with an axis of size 1 (to squeeze): params [axis], the axis possibly negative. */
    static Arbitrary<Layout> squeezable(int maxRank) {
        return shape(0, maxRank - 1).flatMap(s -> Combinators.combine(
                Arbitraries.integers().between(0, s.length), Arbitraries.of(true, false)).as((at, negative) -> {
                    long[] out = new long[s.length + 1];
                    for (int i = 0, j = 0; i < out.length; i++) {
                        out[i] = i == at ? 1 : s[j++];
                    }
                    return Layout.of(out).withParams(negative ? at - out.length : at);
                }));
    }

    /** A shape and an axis in [−(rank + 1), rank] (for unsqueeze and stack): params [axis]. */
    static Arbitrary<Layout> newAxis(int maxRank) {
        return shape(0, maxRank).flatMap(s -> Arbitraries.integers().between(-s.length - 1, s.length)
                .map(axis -> Layout.of(s).withParams(axis)));
    }

    /** The layout's target is the full shape; the input broadcasts to it. */
    static Arbitrary<Layout> broadcastToTarget(int maxRank) {
        return shape(0, maxRank).flatMap(full -> broadcastableTo(full).map(s -> Layout.of(s).withTarget(full)));
    }

    /** The input is the full shape; the target is one that broadcasts to it. */
    static Arbitrary<Layout> sumToTarget(int maxRank) {
        return shape(0, maxRank).flatMap(full -> broadcastableTo(full).map(t -> Layout.of(full).withTarget(t)));
    }

    /** A shape, an axis and a non-empty range [start, end) in it: params [axis, start, end]. */
    static Arbitrary<Layout> slice(int maxRank) {
        return withAxis(1, maxRank).flatMap(l -> {
            long[] s = l.shapes().get(0);
            int axis = l.param(0);
            int n = (int) s[Math.floorMod(axis, s.length)];
            return Arbitraries.integers().between(0, n - 1).flatMap(start -> Arbitraries.integers()
                    .between(start + 1, n).map(end -> l.withParams(axis, start, end)));
        });
    }

    /** A shape and 1..5 row indices along axis 0 (repeats allowed), as a rank-1 index. */
    static Arbitrary<Layout> rows(int maxRank) {
        return shape(1, maxRank).flatMap(s -> Arbitraries.longs().between(0, s[0] - 1).array(long[].class)
                .ofMinSize(1).ofMaxSize(5).map(index -> Layout.of(s).withIndex(index, index.length)));
    }

    /** Logits {@code [n, K]} (n, K in 1..4) and one class index in {@code [0, K)} per row. */
    static Arbitrary<Layout> classIndices() {
        return shape(2, 2).flatMap(s -> Arbitraries.longs().between(0, s[1] - 1).array(long[].class)
                .ofSize(Math.toIntExact(s[0])).map(index -> Layout.of(s).withIndex(index, index.length)));
    }

    /** A shape, an axis and an index of the same rank (size 1..4 along the axis): params [axis]. */
    static Arbitrary<Layout> gather(int maxRank) {
        return withAxis(1, maxRank).flatMap(l -> {
            long[] s = l.shapes().get(0);
            int axis = Math.floorMod(l.param(0), s.length);
            return Arbitraries.longs().between(1, MAX_DIM).flatMap(m -> {
                long[] indexShape = s.clone();
                indexShape[axis] = m;
                return Arbitraries.longs().between(0, s[axis] - 1).array(long[].class)
                        .ofSize(Math.toIntExact(Shapes.length(indexShape)))
                        .map(index -> l.withParams(l.param(0)).withIndex(index, indexShape));
            });
        });
    }

    /** 1..3 shapes that agree except along an axis: params [axis]. */
    static Arbitrary<Layout> concat(int maxRank) {
        return withAxis(1, maxRank).flatMap(l -> {
            long[] s = l.shapes().get(0);
            int axis = Math.floorMod(l.param(0), s.length);
            return Arbitraries.longs().between(1, 3).list().ofMinSize(1).ofMaxSize(3).map(sizes -> {
                List<long[]> shapes = new ArrayList<>();
                for (long size : sizes) {
                    long[] t = s.clone();
                    t[axis] = size;
                    shapes.add(t);
                }
                return new Layout(shapes, new int[] {l.param(0)}, null, null, null);
            });
        });
    }

    /** 1..3 copies of one shape and a new axis: params [axis]. */
    static Arbitrary<Layout> stack(int maxRank) {
        return newAxis(maxRank).flatMap(l -> Arbitraries.integers().between(1, 3).map(
                count -> new Layout(java.util.Collections.nCopies(count, l.shapes().get(0)), l.params(), null, null,
                        null)));
    }

    /** where(condition, a, b): three broadcasting shapes; the condition is a 0/1 index with the first. */
    static Arbitrary<Layout> where(int maxRank) {
        return broadcasting(3, maxRank).flatMap(s -> Arbitraries.longs().between(0, 1).array(long[].class)
                .ofSize(Math.toIntExact(Shapes.length(s.get(0))))
                .map(mask -> Layout.of(s.get(1), s.get(2)).withIndex(mask, s.get(0))));
    }

    /** where(condition, a, c) with one tensor branch: two broadcasting shapes, the condition a 0/1 index with the first. */
    static Arbitrary<Layout> whereWithConstant(int maxRank) {
        return broadcasting(2, maxRank).flatMap(s -> Arbitraries.longs().between(0, 1).array(long[].class)
                .ofSize(Math.toIntExact(Shapes.length(s.get(0))))
                .map(mask -> Layout.of(s.get(1)).withIndex(mask, s.get(0))));
    }

    /**
     * NumPy matmul with a 1-D operand: {@code [k]·[k]}, {@code [k]·[k, m]}, {@code [n, k]·[k]}, {@code [b, n, k]·[k]}
     * and {@code [k]·[b, k, m]}.
     */
    static Arbitrary<Layout> vectorMatmul() {
        Arbitrary<long[]> dims = Arbitraries.longs().between(1, MAX_DIM).array(long[].class).ofSize(4);
        return Combinators.combine(dims, Arbitraries.integers().between(0, 4)).as((d, kind) -> {
            long b = d[0];
            long n = d[1];
            long k = d[2];
            long m = d[3];
            return switch (kind) {
                case 0 -> Layout.of(new long[] {k}, new long[] {k});
                case 1 -> Layout.of(new long[] {k}, new long[] {k, m});
                case 2 -> Layout.of(new long[] {n, k}, new long[] {k});
                case 3 -> Layout.of(new long[] {b, n, k}, new long[] {k});
                default -> Layout.of(new long[] {k}, new long[] {b, k, m});
            };
        });
    }

    /** A shape of rank ≥ 1 and one index (possibly negative) for each of its first 1..rank axes: params = indices. */
    static Arbitrary<Layout> elementIndex(int maxRank) {
        return shape(1, maxRank).flatMap(s -> Arbitraries.integers().between(1, s.length).flatMap(count -> {
            List<Arbitrary<Integer>> each = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                each.add(Arbitraries.integers().between((int) -s[i], (int) s[i] - 1));
            }
            return Combinators.combine(each).as(idx -> Layout.of(s).withParams(
                    idx.stream().mapToInt(Integer::intValue).toArray()));
        }));
    }

    /** A shape, an axis (possibly negative) and an index in it (possibly negative): params [axis, index]. */
    static Arbitrary<Layout> select(int maxRank) {
        return withAxis(1, maxRank).flatMap(l -> {
            long[] s = l.shapes().get(0);
            int n = (int) s[Math.floorMod(l.param(0), s.length)];
            return Arbitraries.integers().between(-n, n - 1).map(i -> l.withParams(l.param(0), i));
        });
    }

    /**
     * An image {@code [N, C, H, W]} (N, C in 1..2, H, W in 1..4) and windows that fit it: params
     * [kh, kw, sh, sw, ph, pw, dh, dw] (kernel 1..3, stride 1..2, padding 0..1, dilation 1..2).
     */
    static Arbitrary<Layout> image() {
        Arbitrary<long[]> image = Combinators.combine(Arbitraries.longs().between(1, 2), Arbitraries.longs().between(1, 2),
                Arbitraries.longs().between(1, 4), Arbitraries.longs().between(1, 4)).as((n, c, h, w) -> new long[] {n, c, h, w});
        Arbitrary<int[]> window = Combinators.combine(Arbitraries.integers().between(1, 3).array(int[].class).ofSize(2),
                Arbitraries.integers().between(1, 2).array(int[].class).ofSize(2),
                Arbitraries.integers().between(0, 1).array(int[].class).ofSize(2),
                Arbitraries.integers().between(1, 2).array(int[].class).ofSize(2))
                .as((k, s, p, d) -> new int[] {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1]});
        return Combinators.combine(image, window).as((x, w) -> Layout.of(x).withParams(w))
                .filter(l -> window(l).outputHeight(l.shapes().get(0)[2]) >= 1
                        && window(l).outputWidth(l.shapes().get(0)[3]) >= 1);
    }

    /** Fold's input: the columns {@code [N, C·K, L]} of {@link #image()}'s windows; target [H, W]. */
    static Arbitrary<Layout> columns() {
        return image().map(l -> {
            long[] x = l.shapes().get(0);
            Window2d w = window(l);
            long[] cols = {x[0], x[1] * w.kernelSize(), w.outputHeight(x[2]) * w.outputWidth(x[3])};
            return Layout.of(cols).withParams(l.params()).withTarget(x[2], x[3]);
        });
    }

    /** {@link #image()} with windows max pooling takes: padding at most half the kernel, no window wholly on it. */
    static Arbitrary<Layout> pooling() {
        return image().filter(l -> 2 * l.param(4) <= l.param(0) && 2 * l.param(5) <= l.param(1)
                && window(l).everyWindowReaches(l.shapes().get(0)[2], l.shapes().get(0)[3]));
    }

    /** Max pooling's backward input: g of the pooled shape {@code [N, C, outH, outW]}; target = the image's shape. */
    static Arbitrary<Layout> pooledGradient() {
        return pooledGradientOf(pooling());
    }

    /** Max pooling's backward input derived from {@link #pooling} layouts whose windows still fit the (maybe emptied) image. */
    static Arbitrary<Layout> pooledGradientOf(Arbitrary<Layout> poolings) {
        return poolings.filter(l -> l.shapes().get(0)[2] > 0 && l.shapes().get(0)[3] > 0
                && window(l).everyWindowReaches(l.shapes().get(0)[2], l.shapes().get(0)[3])).map(l -> {
            long[] x = l.shapes().get(0);
            Window2d w = window(l);
            return Layout.of(new long[] {x[0], x[1], w.outputHeight(x[2]), w.outputWidth(x[3])}).withParams(l.params())
                    .withTarget(x);
        });
    }

    /** The windows of {@link #image()}'s params. */
    static Window2d window(Layout l) {
        int[] p = l.params();
        return new Window2d(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    }

    /** {@code count} copies of one shape of rank 0..maxRank. */
    static Arbitrary<Layout> sameShape(int count, int maxRank) {
        return shape(0, maxRank).map(s -> new Layout(java.util.Collections.nCopies(count, s), new int[0], null, null,
                null));
    }

    /** A pair of broadcasting shapes. */
    static Arbitrary<Layout> binary(int maxRank) {
        return broadcasting(2, maxRank).map(s -> Layout.of(s.get(0), s.get(1)));
    }

    /** Unsum's input: withAxes' shape reduced; target = the full shape; params as withAxes [keepDims, axes...]. */
    static Arbitrary<Layout> unsum(int maxRank) {
        return unsumOf(withAxes(maxRank));
    }

    /** Unsum's layouts derived from {@link #withAxes} layouts (empty ones too: the reduction keeps them consistent). */
    static Arbitrary<Layout> unsumOf(Arbitrary<Layout> withAxes) {
        return withAxes.map(l -> {
            long[] full = l.shapes().get(0);
            int[] axes = Arrays.copyOfRange(l.params(), 1, l.params().length);
            return Layout.of(Shapes.reduced(full, axes, l.flag(0))).withParams(l.params()).withTarget(full);
        });
    }

    /** Embed's input: a slice's part; target = the full shape; params [axis (non-negative), start, end]. */
    static Arbitrary<Layout> embed(int maxRank) {
        return embedOf(slice(maxRank));
    }

    /** Embed's layouts derived from {@link #slice} layouts, keeping those whose range fits the (maybe emptied) axis. */
    static Arbitrary<Layout> embedOf(Arbitrary<Layout> slices) {
        return slices.filter(l -> l.param(2) <= l.shapes().get(0)[Math.floorMod(l.param(0), l.shapes().get(0).length)])
                .map(l -> {
                    long[] full = l.shapes().get(0);
                    int axis = Math.floorMod(l.param(0), full.length);
                    long[] part = full.clone();
                    part[axis] = l.param(2) - l.param(1);
                    return Layout.of(part).withParams(axis, l.param(1), l.param(2)).withTarget(full);
                });
    }

    /** IndexAdd's input: picked rows g [len(index), …]; params [rows of the result]; the index. */
    static Arbitrary<Layout> indexAdd(int maxRank) {
        return indexAddOf(rows(maxRank));
    }

    /** IndexAdd's layouts derived from {@link #rows} layouts whose indices are in range. */
    static Arbitrary<Layout> indexAddOf(Arbitrary<Layout> rows) {
        return rows.filter(l -> indicesBelow(l, l.shapes().get(0)[0])).map(l -> {
            long[] s = l.shapes().get(0);
            long[] g = s.clone();
            g[0] = l.index().length;
            return Layout.of(g).withParams((int) s[0]).withIndex(l.index(), l.indexShape());
        });
    }

    /** ScatterAdd's input: g of the index's shape; params [axis (non-negative)]; target = the source shape. */
    static Arbitrary<Layout> scatterAdd(int maxRank) {
        return scatterAddOf(gather(maxRank));
    }

    /** ScatterAdd's layouts derived from {@link #gather} layouts whose indices are in range. */
    static Arbitrary<Layout> scatterAddOf(Arbitrary<Layout> gathers) {
        return gathers.filter(l -> indicesBelow(l, l.shapes().get(0)[Math.floorMod(l.param(0), l.shapes().get(0).length)]))
                .map(l -> {
                    long[] s = l.shapes().get(0);
                    return Layout.of(l.indexShape()).withParams(Math.floorMod(l.param(0), s.length)).withTarget(s)
                            .withIndex(l.index(), l.indexShape());
                });
    }

    /** The fused cross-entropy's backward: logits {@code [n, K]}, a rank-0 incoming gradient, class indices. */
    static Arbitrary<Layout> crossEntropyGrad() {
        return crossEntropyGradOf(classIndices());
    }

    /** The cross-entropy backward's layouts derived from {@link #classIndices} layouts whose indices are in range. */
    static Arbitrary<Layout> crossEntropyGradOf(Arbitrary<Layout> classIndices) {
        return classIndices.filter(l -> indicesBelow(l, l.shapes().get(0)[1])).map(l -> new Layout(
                List.of(l.shapes().get(0), new long[0]), l.params(), null, l.index(), l.indexShape()));
    }

    private static boolean indicesBelow(Layout l, long bound) {
        return Arrays.stream(l.index()).allMatch(i -> i < bound);
    }

    /**
     * The layouts of {@code layouts} with one dimension size set to 0 wherever it occurs: in every input shape, in
     * the target and in the index's shape. Sizes that must agree stay in agreement (a broadcasting pair, matmul's
     * inner dimension, concat's other axes): {@code [2, 3] @ [3, 4]} becomes {@code [2, 0] @ [0, 4]} when 3 is
     * chosen, {@code [4, 2] + [4, 1]} becomes {@code [4, 0] + [4, 1]} when 2 is. An index whose shape became empty
     * has no entries. The op's parameters are kept, so some layouts stop making sense (a slice range beyond an
     * emptied axis, a row index into no rows, a reshape to a non-empty target): the op must then refuse them with
     * an error of its own. Layouts with no dimension at all (every shape rank 0) have no empty variant.
     */
    static Arbitrary<Layout> withEmptyDimension(Arbitrary<Layout> layouts) {
        return layouts.filter(l -> !sizesIn(l).isEmpty())
                .flatMap(l -> Arbitraries.of(sizesIn(l)).map(size -> zeroed(l, size)));
    }

    private static List<Long> sizesIn(Layout l) {
        java.util.Set<Long> sizes = new java.util.TreeSet<>();
        l.shapes().forEach(s -> Arrays.stream(s).forEach(sizes::add));
        if (l.target() != null) {
            Arrays.stream(l.target()).filter(d -> d >= 0).forEach(sizes::add);
        }
        if (l.indexShape() != null) {
            Arrays.stream(l.indexShape()).forEach(sizes::add);
        }
        sizes.remove(0L);
        return List.copyOf(sizes);
    }

    private static Layout zeroed(Layout l, long size) {
        List<long[]> shapes = l.shapes().stream().map(s -> zeroed(s, size)).toList();
        long[] target = l.target() == null ? null : zeroed(l.target(), size);
        long[] indexShape = l.indexShape() == null ? null : zeroed(l.indexShape(), size);
        long[] index = indexShape == null || Shapes.length(indexShape) > 0 ? l.index() : new long[0];
        return new Layout(shapes, l.params(), target, index, indexShape);
    }

    private static long[] zeroed(long[] shape, long size) {
        return Arrays.stream(shape).map(d -> d == size ? 0 : d).toArray();
    }

    private static List<Integer> boxedRange(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
