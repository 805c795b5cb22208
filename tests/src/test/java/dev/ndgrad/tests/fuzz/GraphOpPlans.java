package dev.ndgrad.tests.fuzz;

import static dev.ndgrad.tests.fuzz.ValueDomain.NORM_ARGUMENT;
import static dev.ndgrad.tests.fuzz.ValueDomain.POSITIVE;
import static dev.ndgrad.tests.fuzz.ValueDomain.PROBABILITY;
import static dev.ndgrad.tests.fuzz.ValueDomain.REAL;

import dev.ndgrad.autograd.Window2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How each op of {@link GraphOps} fits into the graph being built: row builders for the common signatures and a
 * planner per op that needs its own arguments (broadcasting partners, axes, windows, operands kept apart from kinks).
 * A planner draws its choices from {@link Choices}, so a shrunk choice sequence gives a smaller call.
 */
final class GraphOpPlans {

    private GraphOpPlans() {}

    /** The double operand of the scalar ops. */
    static final double C = 0.7;


    static GraphOp unary(String name, String signature, ValueDomain domain, String torch) {
        return GraphOp.of(name, signature, (p, c) -> Call.on(p.input(c, 0, domain)), torch);
    }

    /** a op b, b broadcasting with a: another value of the graph if one fits, else a fresh leaf. */
    static GraphOp binary(String name, String signature, ValueDomain da, ValueDomain db, String torch) {
        return GraphOp.of(name, signature, (p, c) -> {
            int a = p.input(c, 0, da);
            int b = partner(p, c, p.shape(a), db);
            return Call.on(a, Call.ref(b));
        }, torch);
    }

    /** A value that broadcasts with {@code shape}, inside {@code domain}. */
    static int partner(GraphBuilder.Pool p, Choices c, long[] shape, ValueDomain domain) {
        return p.input(c, s -> ShapeMath.broadcastable(s, shape), () -> ShapeMath.partner(p, c, shape), domain);
    }

    /** maximum, minimum: operands at least a margin apart everywhere (equal operands are a kink). */
    static GraphOp separated(String name, String signature, String torch) {
        return GraphOp.of(name, signature, (p, c) -> {
            int a = p.input(c, 0, REAL);
            int b = partner(p, c, p.shape(a), REAL);
            for (int attempt = 0; attempt < 3 && !ShapeMath.apart(p, a, b); attempt++) {
                b = p.fresh(p.shape(b), REAL);
            }
            return ShapeMath.apart(p, a, b) ? Call.on(a, Call.ref(b)) : null;
        }, torch);
    }

    static Call where(GraphBuilder.Pool p, Choices c) {
        int a = p.input(c, 0, REAL);
        int b = partner(p, c, p.shape(a), REAL);
        long[] both = ShapeMath.broadcast(p.shape(a), p.shape(b));
        int mask = p.mask(ShapeMath.partner(p, c, both));
        return Call.statically(Call.ref(mask), Call.ref(a), Call.ref(b));
    }

    /** where(mask, x, C) or where(mask, C, x), the mask broadcasting with x. */
    static Call whereWithConstant(GraphBuilder.Pool p, Choices c, boolean constantFirst) {
        int x = p.input(c, 0, REAL);
        int mask = p.mask(ShapeMath.partner(p, c, p.shape(x)));
        return constantFirst ? Call.statically(Call.ref(mask), -C, Call.ref(x))
                : Call.statically(Call.ref(mask), Call.ref(x), C);
    }

    /**
     * A p-norm (p = 1, 2, ∞), of all elements or along an axis. For p = ∞ the largest magnitudes must be apart (a tie
     * is a kink), so its argument is positive and distinct along the reduced axis.
     */
    static Call norm(GraphBuilder.Pool p, Choices c, boolean alongAxis) {
        double order = c.of(1.0, 2.0, Double.POSITIVE_INFINITY);
        boolean max = Double.isInfinite(order);
        int x = p.input(c, alongAxis ? 1 : 0, max ? POSITIVE : NORM_ARGUMENT);
        int axis = alongAxis ? ShapeMath.axis(p, c, x) : 0;
        long[] along = alongAxis ? p.shape(x) : new long[] {p.values(x).length};
        int a = alongAxis ? Math.floorMod(axis, p.rank(x)) : 0;
        if (max && (along[a] == 0 || !p.edgeValues() && !ShapeMath.distinctAlong(p.values(x), along, a))) {
            return null;        // the ∞-norm of nothing is refused; ties are kinks
        }
        return alongAxis ? Call.on(x, order, axis, c.oneIn(2)) : Call.on(x, order);
    }

    /** Probabilities and targets of one shape, both inside (0, 1). */
    static Call binaryCrossEntropy(GraphBuilder.Pool p, Choices c) {
        int a = p.input(c, 0, PROBABILITY);
        int t = p.input(c, s -> Arrays.equals(s, p.shape(a)), () -> p.shape(a).clone(), PROBABILITY);
        return Call.on(a, Call.ref(t), 1e-12);
    }

    /** x [..., in] · Wᵀ + b with W [out, in] and b [out]. */
    static Call linear(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 2, REAL);
        long in = p.shape(x)[p.rank(x) - 1];
        int w = p.input(c, s -> s.length == 2 && s[1] == in, () -> new long[] {p.dim(c), in}, REAL);
        long out = p.shape(w)[0];
        int b = p.input(c, s -> s.length == 1 && s[0] == out, () -> new long[] {out}, REAL);
        return Call.on(x, Call.ref(w), Call.ref(b));
    }

    /** x[i, j, …]: 1 to rank indices (negative ones too), into non-empty axes. */
    static Call get(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, s -> s.length >= 1 && s[0] >= 1, () -> nonEmptyRows(p, c), REAL);
        long[] s = p.shape(x);
        int k = 1 + c.next(s.length);
        long[] index = new long[k];
        for (int i = 0; i < k; i++) {
            if (s[i] == 0) {
                return null;
            }
            index[i] = c.next((int) (2 * s[i])) - s[i];
        }
        return Call.on(x, (Object) index);
    }

    /** The slice at an index (maybe negative) of a non-empty axis, the axis dropped. */
    static Call select(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 1, REAL);
        int axis = ShapeMath.axis(p, c, x);
        long n = p.shape(x)[Math.floorMod(axis, p.rank(x))];
        if (n == 0) {
            return null;
        }
        return Call.on(x, axis, (long) c.next((int) (2 * n)) - n);
    }

    /** An image [N, C, H, W] (none of them empty) from the graph or fresh. */
    static int image(GraphBuilder.Pool p, Choices c) {
        return p.input(c, s -> s.length == 4 && Arrays.stream(s).allMatch(d -> d >= 1), () -> new long[] {
            p.nonEmptyDim(c), p.nonEmptyDim(c), 1 + p.nonEmptyDim(c), 1 + p.nonEmptyDim(c)}, REAL);
    }

    /** Windows over an image of {@code height × width}, every one reaching into it; null if the draw does not fit. */
    static Window2d window(Choices c, long height, long width) {
        int kh = 1 + c.next(3);
        int kw = 1 + c.next(3);
        Window2d w = new Window2d(kh, kw, 1 + c.next(2), 1 + c.next(2), c.next(kh / 2 + 1), c.next(kw / 2 + 1),
                1 + c.next(2), 1 + c.next(2));
        return w.outputHeight(height) >= 1 && w.outputWidth(width) >= 1 && w.everyWindowReaches(height, width) ? w
                : null;
    }

    static Call unfold(GraphBuilder.Pool p, Choices c) {
        int x = image(p, c);
        Window2d w = window(c, p.shape(x)[2], p.shape(x)[3]);
        return w == null ? null : Call.on(x, w);
    }

    /** Columns [N, C·K, L] of the windows over an image of a drawn size. */
    static Call fold(GraphBuilder.Pool p, Choices c) {
        long height = 1 + p.nonEmptyDim(c);
        long width = 1 + p.nonEmptyDim(c);
        Window2d w = window(c, height, width);
        if (w == null) {
            return null;
        }
        long[] columns = {p.nonEmptyDim(c), p.nonEmptyDim(c) * w.kernelSize(), w.outputHeight(height) * w.outputWidth(width)};
        int x = p.input(c, s -> Arrays.equals(s, columns), columns::clone, REAL);
        return Call.on(x, height, width, w);
    }

    /** Max pooling of an image whose values are distinct (a tie in a window is a kink), but at edge values. */
    static Call maxPool2d(GraphBuilder.Pool p, Choices c) {
        int x = image(p, c);
        Window2d w = window(c, p.shape(x)[2], p.shape(x)[3]);
        if (w == null) {
            return null;
        }
        if (!p.edgeValues() && !ShapeMath.distinctAlong(p.values(x), new long[] {p.values(x).length}, 0)) {
            x = p.freshDistinct(p.shape(x));
        }
        return Call.on(x, w);
    }

    /** An axis (possibly negative) of a value of rank ≥ 1 and keepDims; {@code nonEmpty}: the axis has elements. */
    static GraphOp axis(String name, String signature, boolean nonEmpty, String torch) {
        return GraphOp.of(name, signature, (p, c) -> {
            int x = p.input(c, 1, REAL);
            int axis = ShapeMath.axis(p, c, x);
            if (nonEmpty && p.shape(x)[Math.floorMod(axis, p.rank(x))] == 0) {
                return null;
            }
            return Call.on(x, axis, c.oneIn(2));
        }, torch);
    }

    static Call axisOnly(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 1, REAL);
        return Call.on(x, ShapeMath.axis(p, c, x));
    }

    /** A set of distinct axes (possibly none) and keepDims. */
    static GraphOp axes(String name, String signature, String torch) {
        return GraphOp.of(name, signature, (p, c) -> {
            int x = p.input(c, 0, REAL);
            List<Integer> chosen = new ArrayList<>();
            for (int i = 0; i < p.rank(x); i++) {
                if (c.oneIn(2)) {
                    chosen.add(c.oneIn(2) ? i - p.rank(x) : i);
                }
            }
            return Call.on(x, chosen.stream().mapToInt(Integer::intValue).toArray(), c.oneIn(2));
        }, torch);
    }

    /** variance along an axis with n − ddof ≥ 1 elements. */
    static Call variance(GraphBuilder.Pool p, Choices c, boolean withDdof) {
        int x = p.input(c, 1, REAL);
        int axis = ShapeMath.axis(p, c, x);
        long n = p.shape(x)[Math.floorMod(axis, p.rank(x))];
        int ddof = withDdof ? c.next(2) : 0;
        if (n - ddof < 1) {
            return null;
        }
        return withDdof ? Call.on(x, axis, c.oneIn(2), ddof) : Call.on(x, axis, c.oneIn(2));
    }

    /** max or min along a non-empty axis whose largest two values (smallest, for min) are apart. */
    static GraphOp extremum(String name, String signature, String torch) {
        return GraphOp.of(name, signature, (p, c) -> {
            int x = p.input(c, 1, REAL);
            int axis = ShapeMath.axis(p, c, x);
            int a = Math.floorMod(axis, p.rank(x));
            if (p.shape(x)[a] == 0) {
                return null;
            }
            if (!p.edgeValues() && !ShapeMath.distinctAlong(p.values(x), p.shape(x), a)) {
                x = p.freshDistinct(p.shape(x));
            }
            return Call.on(x, axis, c.oneIn(2));
        }, torch);
    }

    static Call maxOfAll(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        if (p.values(x).length == 0) {
            return null;
        }
        if (!p.edgeValues() && !ShapeMath.distinctAlong(p.values(x), new long[] {p.values(x).length}, 0)) {
            x = p.freshDistinct(p.shape(x));
        }
        return Call.on(x);
    }

    /** Logits [n, K] (K ≥ 1) and n class indices. */
    static Call crossEntropy(GraphBuilder.Pool p, Choices c) {
        int z = p.input(c, s -> s.length == 2 && s[1] >= 1, () -> new long[] {p.dim(c), p.nonEmptyDim(c)}, REAL);
        long[] s = p.shape(z);
        return Call.on(z, Call.ref(p.index(new long[] {s[0]}, s[1])));
    }

    /** op(a) @ op(b), batch axes broadcasting: b from the graph if one fits, else a fresh leaf. */
    static Call matmul(GraphBuilder.Pool p, Choices c, boolean withFlags) {
        boolean ta = withFlags && c.oneIn(2);
        boolean tb = withFlags && c.oneIn(2);
        int a = p.input(c, 2, REAL);
        long[] sa = p.shape(a);
        long inner = ta ? sa[sa.length - 2] : sa[sa.length - 1];
        long[] batchA = Arrays.copyOf(sa, sa.length - 2);
        int b = p.input(c, s -> s.length >= 2 && (tb ? s[s.length - 1] : s[s.length - 2]) == inner
                && ShapeMath.broadcastable(Arrays.copyOf(s, s.length - 2), batchA), () -> {
                    long[] batch = ShapeMath.partner(p, c, batchA);
                    long m = p.dim(c);
                    long[] s = Arrays.copyOf(batch, batch.length + 2);
                    s[batch.length] = tb ? m : inner;
                    s[batch.length + 1] = tb ? inner : m;
                    return s;
                }, REAL);
        return withFlags ? Call.on(a, Call.ref(b), ta, tb) : Call.on(a, Call.ref(b));
    }

    static Call transposeAxes(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 1, REAL);
        return Call.on(x, ShapeMath.axis(p, c, x), ShapeMath.axis(p, c, x));
    }

    static Call permute(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < p.rank(x); i++) {
            left.add(i);
        }
        int[] order = new int[left.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = left.remove(c.next(left.size()));
        }
        return Call.on(x, (Object) order);
    }

    /** To [n], [−1], the reversed shape, [1, …, 1] around it, or with a −1 (not on an empty tensor). */
    static Call reshape(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        long[] s = p.shape(x);
        long n = p.values(x).length;
        long[] reversed = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            reversed[i] = s[s.length - 1 - i];
        }
        long[] target = switch (c.next(5)) {
            case 0 -> new long[] {n};
            case 1 -> new long[] {-1};
            case 2 -> reversed;
            case 3 -> new long[] {1, n, 1};
            default -> {
                long[] t = reversed.length == 0 ? new long[] {1, 1} : reversed.clone();
                if (n > 0) {
                    t[c.next(t.length)] = -1;
                }
                yield t;
            }
        };
        return Call.on(x, (Object) target);
    }

    static Call unsqueeze(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        int r = p.rank(x) + 1;
        return Call.on(x, c.next(2 * r) - r);
    }

    static Call squeeze(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, s -> Arrays.stream(s).anyMatch(d -> d == 1), () -> new long[] {p.dim(c), 1}, REAL);
        long[] s = p.shape(x);
        List<Integer> ones = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 1) {
                ones.add(i);
            }
        }
        int axis = ones.get(c.next(ones.size()));
        return Call.on(x, c.oneIn(2) ? axis - s.length : axis);
    }

    /** To a shape it broadcasts to: size-1 axes grown, maybe a leading axis added. */
    static Call broadcastTo(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        long[] s = p.shape(x);
        List<Long> target = new ArrayList<>();
        if (c.oneIn(2)) {
            target.add(p.dim(c));
        }
        for (long d : s) {
            target.add(d == 1 && c.oneIn(2) ? p.dim(c) : d);
        }
        return Call.on(x, (Object) target.stream().mapToLong(Long::longValue).toArray());
    }

    /** To a shape that broadcasts to it. */
    static Call sumToShape(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        return Call.on(x, (Object) ShapeMath.reducedPartner(c, p.shape(x)));
    }

    static Call slice(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 1, REAL);
        int axis = ShapeMath.axis(p, c, x);
        long n = p.shape(x)[Math.floorMod(axis, p.rank(x))];
        long start = c.next((int) n + 1);
        long end = start + c.next((int) (n - start) + 1);
        return Call.on(x, axis, start, end);
    }

    /** 1 to 4 row indices (repeats allowed) into a value with rows. */
    static Call rows(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, s -> s.length >= 1 && s[0] >= 1, () -> nonEmptyRows(p, c), REAL);
        long n = p.shape(x)[0];
        long[] index = new long[1 + c.next(4)];
        for (int i = 0; i < index.length; i++) {
            index[i] = c.next((int) n);
        }
        return Call.on(x, (Object) index);
    }

    static long[] nonEmptyRows(GraphBuilder.Pool p, Choices c) {
        long[] s = p.shape(c, 1, 3);
        s[0] = Math.max(1, s[0]);
        return s;
    }

    /** An index of 0 to 4 rows (an empty index picks no row). */
    static Call indexSelect(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, s -> s.length >= 1 && s[0] >= 1, () -> nonEmptyRows(p, c), REAL);
        return Call.on(x, Call.ref(p.index(new long[] {c.next(5)}, p.shape(x)[0])));
    }

    /** An index of the input's shape but for 0 to 3 entries along the axis. */
    static Call gather(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, s -> s.length >= 1 && Arrays.stream(s).allMatch(d -> d >= 1), () -> nonEmptyRows(p, c), REAL);
        int axis = ShapeMath.axis(p, c, x);
        long[] indexShape = p.shape(x).clone();
        int a = Math.floorMod(axis, indexShape.length);
        long bound = indexShape[a];
        if (bound == 0) {
            return null;
        }
        indexShape[a] = c.next(4);
        return Call.on(x, axis, Call.ref(p.index(indexShape, bound)));
    }

    /** 1 to 3 values that agree but along the axis: from the graph when they fit, else fresh. */
    static Call concat(GraphBuilder.Pool p, Choices c) {
        int first = p.input(c, 1, REAL);
        long[] s = p.shape(first);
        int axis = ShapeMath.axis(p, c, first);
        int a = Math.floorMod(axis, s.length);
        List<Integer> parts = new ArrayList<>(List.of(first));
        int more = c.next(3);
        for (int i = 0; i < more; i++) {
            parts.add(p.input(c, t -> ShapeMath.agreeBut(t, s, a), () -> {
                long[] t = s.clone();
                t[a] = p.dim(c);
                return t;
            }, REAL));
        }
        return Call.statically(axis, Call.refs(parts));
    }

    /** 1 to 3 values of one shape. */
    static Call stack(GraphBuilder.Pool p, Choices c) {
        int first = p.input(c, 0, REAL);
        long[] s = p.shape(first);
        List<Integer> parts = new ArrayList<>(List.of(first));
        int more = c.next(3);
        for (int i = 0; i < more; i++) {
            parts.add(p.input(c, t -> Arrays.equals(t, s), s::clone, REAL));
        }
        int r = s.length + 1;
        return Call.statically(c.next(2 * r) - r, Call.refs(parts));
    }

    /** x.to(FLOAT), then (this call) .to(DOUBLE): the FLOAT step is added here, the DOUBLE one is the op's call. */
    static Call roundTripThroughFloat(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        int f = p.apply(FLOAT_CAST, Call.on(x, DataType.FLOAT), false);
        return f < 0 ? null : Call.on(f, DataType.DOUBLE);
    }

    /** The cast op itself, for the FLOAT half of the round trip. */
    static final GraphOp FLOAT_CAST = GraphOp.torchOnly("to(FLOAT)", "to(DataType)", (p, c) -> null, "{r}.to({0})");
}
