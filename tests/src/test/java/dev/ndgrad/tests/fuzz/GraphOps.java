package dev.ndgrad.tests.fuzz;

import static dev.ndgrad.tests.fuzz.ValueDomain.AWAY_FROM_CLAMP_BOUNDS;
import static dev.ndgrad.tests.fuzz.ValueDomain.AWAY_FROM_ZERO;
import static dev.ndgrad.tests.fuzz.ValueDomain.BOUNDED;
import static dev.ndgrad.tests.fuzz.ValueDomain.EXPONENT;
import static dev.ndgrad.tests.fuzz.ValueDomain.NONZERO;
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
 * The ops random graphs draw from: every differentiable public Tensor method of the per-op table (a test keeps it
 * so), and {@code detach()}. Each is a signature, a planner that fits it into the graph being built, and its
 * PyTorch expression. The first ops are the plainest, because shrinking moves a step's op towards the first.
 */
final class GraphOps {

    private GraphOps() {}

    private static final double C = 0.7;

    // ---- used by the guards too (ValueDomain)
    static final GraphOp SIGMOID = unary("sigmoid", "sigmoid()", REAL, "torch.sigmoid({r})");
    static final GraphOp TANH = unary("tanh", "tanh()", REAL, "torch.tanh({r})");
    static final GraphOp ADD_SCALAR = GraphOp.of("add(double)", "add(double)",
            (p, c) -> Call.on(p.input(c, 0, REAL), c.of(C, -1.5, 2.0)), "({r} + {0})");
    static final GraphOp MUL_SCALAR = GraphOp.of("mul(double)", "mul(double)",
            (p, c) -> Call.on(p.input(c, 0, REAL), c.of(-1.3, 2.0, 0.5)), "({r} * {0})");

    /** Every op, plainest first. */
    static final List<GraphOp> ALL = List.of(
            // ---- arithmetic, with broadcasting
            binary("add", "add(Tensor)", REAL, REAL, "({r} + {0})"),
            binary("mul", "mul(Tensor)", REAL, REAL, "({r} * {0})"),
            binary("sub", "sub(Tensor)", REAL, REAL, "({r} - {0})"),
            binary("div", "div(Tensor)", REAL, NONZERO, "({r} / {0})"),
            binary("pow", "pow(Tensor)", POSITIVE, EXPONENT, "torch.pow({r}, {0})"),
            separated("maximum", "maximum(Tensor)", "torch.maximum({r}, {0})"),
            separated("minimum", "minimum(Tensor)", "torch.minimum({r}, {0})"),
            GraphOp.of("where", "where(Tensor,Tensor,Tensor)", GraphOps::where, "torch.where({0} != 0, {1}, {2})"),
            GraphOp.of("where with a constant b", "where(Tensor,Tensor,double)", (p, c) -> whereWithConstant(p, c, false),
                    "torch.where({0} != 0, {1}, torch.full_like({1}, {2}))"),
            GraphOp.of("where with a constant a", "where(Tensor,double,Tensor)", (p, c) -> whereWithConstant(p, c, true),
                    "torch.where({0} != 0, torch.full_like({2}, {1}), {2})"),
            // ---- arithmetic with a double
            ADD_SCALAR,
            MUL_SCALAR,
            GraphOp.of("sub(double)", "sub(double)", (p, c) -> Call.on(p.input(c, 0, REAL), C), "({r} - {0})"),
            GraphOp.of("rsub(double)", "rsub(double)", (p, c) -> Call.on(p.input(c, 0, REAL), C), "({0} - {r})"),
            GraphOp.of("div(double)", "div(double)", (p, c) -> Call.on(p.input(c, 0, REAL), -2.5), "({r} / {0})"),
            GraphOp.of("rdiv(double)", "rdiv(double)", (p, c) -> Call.on(p.input(c, 0, NONZERO), C), "({0} / {r})"),
            unary("neg", "neg()", REAL, "(-{r})"),
            GraphOp.of("pow(double), integer p", "pow(double)",
                    (p, c) -> Call.on(p.input(c, 0, BOUNDED), c.of(2.0, 3.0, 1.0, 0.0)), "torch.pow({r}, {0})"),
            GraphOp.of("pow(double), real p", "pow(double)",
                    (p, c) -> Call.on(p.input(c, 0, POSITIVE), c.of(0.5, -1.5, 2.5, -1.0)), "torch.pow({r}, {0})"),
            unary("square", "square()", BOUNDED, "torch.square({r})"),
            // ---- elementwise functions
            unary("exp", "exp()", BOUNDED, "torch.exp({r})"),
            unary("log", "log()", POSITIVE, "torch.log({r})"),
            unary("sqrt", "sqrt()", POSITIVE, "torch.sqrt({r})"),
            unary("abs", "abs()", AWAY_FROM_ZERO, "torch.abs({r})"),
            GraphOp.of("clamp", "clamp(double,double)", (p, c) -> Call.on(p.input(c, 0, AWAY_FROM_CLAMP_BOUNDS), -0.5,
                    0.5), "torch.clamp({r}, {0}, {1})"),
            SIGMOID,
            TANH,
            unary("relu", "relu()", AWAY_FROM_ZERO, "torch.relu({r})"),
            GraphOp.of("leakyRelu", "leakyRelu(double)", (p, c) -> Call.on(p.input(c, 0, AWAY_FROM_ZERO), 0.2),
                    "F.leaky_relu({r}, {0})"),
            unary("softplus", "softplus()", BOUNDED, "F.softplus({r})"),
            unary("sin", "sin()", REAL, "torch.sin({r})"),
            unary("cos", "cos()", REAL, "torch.cos({r})"),
            unary("erf", "erf()", REAL, "torch.erf({r})"),
            unary("gelu", "gelu()", REAL, "F.gelu({r})"),
            unary("geluTanh", "geluTanh()", REAL, "F.gelu({r}, approximate='tanh')"),
            unary("silu", "silu()", REAL, "F.silu({r})"),
            unary("elu()", "elu()", AWAY_FROM_ZERO, "F.elu({r})"),
            GraphOp.of("elu(alpha)", "elu(double)", (p, c) -> Call.on(p.input(c, 0, AWAY_FROM_ZERO), C),
                    "F.elu({r}, {0})"),
            // ---- reductions
            unary("sum()", "sum()", REAL, "{r}.sum()"),
            axis("sum(axis)", "sum(int,boolean)", false, "{r}.sum({0}, keepdim={1})"),
            axes("sum(axes)", "sum(int[],boolean)", "sum_axes({r}, {0}, {1})"),
            unary("mean()", "mean()", REAL, "{r}.mean()"),
            axis("mean(axis)", "mean(int,boolean)", false, "{r}.mean({0}, keepdim={1})"),
            axes("mean(axes)", "mean(int[],boolean)", "mean_axes({r}, {0}, {1})"),
            GraphOp.of("variance", "variance(int,boolean)", (p, c) -> variance(p, c, false),
                    "torch.var({r}, {0}, unbiased=False, keepdim={1})"),
            GraphOp.of("variance(ddof)", "variance(int,boolean,int)", (p, c) -> variance(p, c, true),
                    "torch.var({r}, {0}, unbiased={2} == 1, keepdim={1})"),
            extremum("max(axis)", "max(int,boolean)", "torch.amax({r}, {0}, keepdim={1})"),
            extremum("min(axis)", "min(int,boolean)", "torch.amin({r}, {0}, keepdim={1})"),
            GraphOp.of("max()", "max()", GraphOps::maxOfAll, "torch.amax({r})"),
            axis("logSumExp", "logSumExp(int,boolean)", true, "torch.logsumexp({r}, {0}, keepdim={1})"),
            GraphOp.of("softmax", "softmax(int)", (p, c) -> axisOnly(p, c), "torch.softmax({r}, {0})"),
            GraphOp.of("logSoftmax", "logSoftmax(int)", (p, c) -> axisOnly(p, c), "torch.log_softmax({r}, {0})"),
            // ---- norms (p = 1, 2, ∞), of all elements and along an axis
            unary("norm()", "norm()", NORM_ARGUMENT, "torch.linalg.vector_norm({r})"),
            GraphOp.of("norm(p)", "norm(double)", (p, c) -> norm(p, c, false), "torch.linalg.vector_norm({r}, {0})"),
            GraphOp.of("norm(p, axis)", "norm(double,int,boolean)", (p, c) -> norm(p, c, true),
                    "torch.linalg.vector_norm({r}, {0}, dim={1}, keepdim={2})"),
            // ---- fused losses
            GraphOp.of("crossEntropy", "crossEntropy(Tensor)", GraphOps::crossEntropy, "F.cross_entropy({r}, {0})"),
            GraphOp.of("crossEntropySum", "crossEntropySum(Tensor)", GraphOps::crossEntropy,
                    "F.cross_entropy({r}, {0}, reduction='sum')"),
            GraphOp.of("binaryCrossEntropy", "binaryCrossEntropy(Tensor,double)", GraphOps::binaryCrossEntropy,
                    "binary_cross_entropy({r}, {0}).mean()"),
            GraphOp.of("binaryCrossEntropySum", "binaryCrossEntropySum(Tensor,double)", GraphOps::binaryCrossEntropy,
                    "binary_cross_entropy({r}, {0}).sum()"),
            // ---- linear algebra (batched over leading axes)
            GraphOp.of("matmul", "matmul(Tensor)", (p, c) -> matmul(p, c, false), "torch.matmul({r}, {0})"),
            GraphOp.of("matmul with transpose flags", "matmul(Tensor,boolean,boolean)", (p, c) -> matmul(p, c, true),
                    "matmul_t({r}, {0}, {1}, {2})"),
            GraphOp.of("linear", "linear(Tensor,Tensor)", GraphOps::linear, "F.linear({r}, {0}, {1})"),
            // ---- shape
            GraphOp.of("transpose()", "transpose()", (p, c) -> Call.on(p.input(c, 2, REAL)), "{r}.transpose(-2, -1)"),
            GraphOp.of("transpose(i, j)", "transpose(int,int)", GraphOps::transposeAxes, "{r}.transpose({0}, {1})"),
            GraphOp.of("permute", "permute(int[])", GraphOps::permute, "{r}.permute({0})"),
            GraphOp.of("reshape", "reshape(long[])", GraphOps::reshape, "{r}.reshape({0})"),
            GraphOp.of("unsqueeze", "unsqueeze(int)", GraphOps::unsqueeze, "{r}.unsqueeze({0})"),
            GraphOp.of("squeeze", "squeeze(int)", GraphOps::squeeze, "{r}.squeeze({0})"),
            GraphOp.of("flatten", "flatten()", (p, c) -> Call.on(p.input(c, 0, REAL)), "flatten2d({r})"),
            GraphOp.of("broadcastTo", "broadcastTo(long[])", GraphOps::broadcastTo, "{r}.expand({0})"),
            GraphOp.of("sumToShape", "sumToShape(long[])", GraphOps::sumToShape, "sum_to_shape({r}, {0})"),
            GraphOp.of("slice", "slice(int,long,long)", GraphOps::slice, "{r}.narrow({0}, {1}, {2} - {1})"),
            GraphOp.of("rows", "rows(long[])", GraphOps::rows, "{r}[torch.tensor({0})]"),
            GraphOp.of("indexSelect", "indexSelect(Tensor)", GraphOps::indexSelect, "torch.index_select({r}, 0, {0})"),
            GraphOp.of("gather", "gather(int,Tensor)", GraphOps::gather, "torch.gather({r}, {0}, {1})"),
            GraphOp.of("concat", "concat(int,Tensor[])", GraphOps::concat, "torch.cat({1}, {0})"),
            GraphOp.of("get", "get(long[])", GraphOps::get, "{r}[{0}]"),
            GraphOp.of("select", "select(int,long)", GraphOps::select, "torch.select({r}, {0}, {1})"),
            GraphOp.of("stack", "stack(int,Tensor[])", GraphOps::stack, "torch.stack({1}, {0})"),
            // ---- sliding windows over [N, C, H, W] images
            GraphOp.of("unfold", "unfold(Window2d)", GraphOps::unfold, "F.unfold({r}, {0})"),
            GraphOp.of("fold", "fold(long,long,Window2d)", GraphOps::fold, "F.fold({r}, ({0}, {1}), {2})"),
            GraphOp.of("maxPool2d", "maxPool2d(Window2d)", GraphOps::maxPool2d, "F.max_pool2d({r}, {0})"),
            // ---- cutting the graph: a constant that depends on the variables (pinned, see Graph)
            GraphOp.of("detach", "detach()", (p, c) -> Call.on(p.input(c, 0, REAL)), "{r}.detach()"),
            // ---- a round trip through FLOAT: exact values, but no central difference can follow it
            GraphOp.torchOnly("to(FLOAT) and back", "to(DataType)", GraphOps::roundTripThroughFloat, "{r}.to({0})"));

    /** The ops a gradient check can follow (all but the round trip through FLOAT). */
    static final List<GraphOp> NUMERIC = ALL.stream().filter(GraphOp::numeric).toList();

    // ------------------------------------------------------------------ planners

    private static GraphOp unary(String name, String signature, ValueDomain domain, String torch) {
        return GraphOp.of(name, signature, (p, c) -> Call.on(p.input(c, 0, domain)), torch);
    }

    /** a op b, b broadcasting with a: another value of the graph if one fits, else a fresh leaf. */
    private static GraphOp binary(String name, String signature, ValueDomain da, ValueDomain db, String torch) {
        return GraphOp.of(name, signature, (p, c) -> {
            int a = p.input(c, 0, da);
            int b = partner(p, c, p.shape(a), db);
            return Call.on(a, Call.ref(b));
        }, torch);
    }

    /** A value that broadcasts with {@code shape}, inside {@code domain}. */
    private static int partner(GraphBuilder.Pool p, Choices c, long[] shape, ValueDomain domain) {
        return p.input(c, s -> ShapeMath.broadcastable(s, shape), () -> ShapeMath.partner(p, c, shape), domain);
    }

    /** maximum, minimum: operands at least a margin apart everywhere (equal operands are a kink). */
    private static GraphOp separated(String name, String signature, String torch) {
        return GraphOp.of(name, signature, (p, c) -> {
            int a = p.input(c, 0, REAL);
            int b = partner(p, c, p.shape(a), REAL);
            for (int attempt = 0; attempt < 3 && !ShapeMath.apart(p, a, b); attempt++) {
                b = p.fresh(p.shape(b), REAL);
            }
            return ShapeMath.apart(p, a, b) ? Call.on(a, Call.ref(b)) : null;
        }, torch);
    }

    private static Call where(GraphBuilder.Pool p, Choices c) {
        int a = p.input(c, 0, REAL);
        int b = partner(p, c, p.shape(a), REAL);
        long[] both = ShapeMath.broadcast(p.shape(a), p.shape(b));
        int mask = p.mask(ShapeMath.partner(p, c, both));
        return Call.statically(Call.ref(mask), Call.ref(a), Call.ref(b));
    }

    /** where(mask, x, C) or where(mask, C, x), the mask broadcasting with x. */
    private static Call whereWithConstant(GraphBuilder.Pool p, Choices c, boolean constantFirst) {
        int x = p.input(c, 0, REAL);
        int mask = p.mask(ShapeMath.partner(p, c, p.shape(x)));
        return constantFirst ? Call.statically(Call.ref(mask), -C, Call.ref(x))
                : Call.statically(Call.ref(mask), Call.ref(x), C);
    }

    /**
     * A p-norm (p = 1, 2, ∞), of all elements or along an axis. For p = ∞ the largest magnitudes must be apart (a tie
     * is a kink), so its argument is positive and distinct along the reduced axis.
     */
    private static Call norm(GraphBuilder.Pool p, Choices c, boolean alongAxis) {
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
    private static Call binaryCrossEntropy(GraphBuilder.Pool p, Choices c) {
        int a = p.input(c, 0, PROBABILITY);
        int t = p.input(c, s -> Arrays.equals(s, p.shape(a)), () -> p.shape(a).clone(), PROBABILITY);
        return Call.on(a, Call.ref(t), 1e-12);
    }

    /** x [..., in] · Wᵀ + b with W [out, in] and b [out]. */
    private static Call linear(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 2, REAL);
        long in = p.shape(x)[p.rank(x) - 1];
        int w = p.input(c, s -> s.length == 2 && s[1] == in, () -> new long[] {p.dim(c), in}, REAL);
        long out = p.shape(w)[0];
        int b = p.input(c, s -> s.length == 1 && s[0] == out, () -> new long[] {out}, REAL);
        return Call.on(x, Call.ref(w), Call.ref(b));
    }

    /** x[i, j, …]: 1 to rank indices (negative ones too), into non-empty axes. */
    private static Call get(GraphBuilder.Pool p, Choices c) {
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
    private static Call select(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 1, REAL);
        int axis = ShapeMath.axis(p, c, x);
        long n = p.shape(x)[Math.floorMod(axis, p.rank(x))];
        if (n == 0) {
            return null;
        }
        return Call.on(x, axis, (long) c.next((int) (2 * n)) - n);
    }

    /** An image [N, C, H, W] (none of them empty) from the graph or fresh. */
    private static int image(GraphBuilder.Pool p, Choices c) {
        return p.input(c, s -> s.length == 4 && Arrays.stream(s).allMatch(d -> d >= 1), () -> new long[] {
            p.nonEmptyDim(c), p.nonEmptyDim(c), 1 + p.nonEmptyDim(c), 1 + p.nonEmptyDim(c)}, REAL);
    }

    /** Windows over an image of {@code height × width}, every one reaching into it; null if the draw does not fit. */
    private static Window2d window(Choices c, long height, long width) {
        int kh = 1 + c.next(3);
        int kw = 1 + c.next(3);
        Window2d w = new Window2d(kh, kw, 1 + c.next(2), 1 + c.next(2), c.next(kh / 2 + 1), c.next(kw / 2 + 1),
                1 + c.next(2), 1 + c.next(2));
        return w.outputHeight(height) >= 1 && w.outputWidth(width) >= 1 && w.everyWindowReaches(height, width) ? w
                : null;
    }

    private static Call unfold(GraphBuilder.Pool p, Choices c) {
        int x = image(p, c);
        Window2d w = window(c, p.shape(x)[2], p.shape(x)[3]);
        return w == null ? null : Call.on(x, w);
    }

    /** Columns [N, C·K, L] of the windows over an image of a drawn size. */
    private static Call fold(GraphBuilder.Pool p, Choices c) {
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
    private static Call maxPool2d(GraphBuilder.Pool p, Choices c) {
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
    private static GraphOp axis(String name, String signature, boolean nonEmpty, String torch) {
        return GraphOp.of(name, signature, (p, c) -> {
            int x = p.input(c, 1, REAL);
            int axis = ShapeMath.axis(p, c, x);
            if (nonEmpty && p.shape(x)[Math.floorMod(axis, p.rank(x))] == 0) {
                return null;
            }
            return Call.on(x, axis, c.oneIn(2));
        }, torch);
    }

    private static Call axisOnly(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 1, REAL);
        return Call.on(x, ShapeMath.axis(p, c, x));
    }

    /** A set of distinct axes (possibly none) and keepDims. */
    private static GraphOp axes(String name, String signature, String torch) {
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
    private static Call variance(GraphBuilder.Pool p, Choices c, boolean withDdof) {
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
    private static GraphOp extremum(String name, String signature, String torch) {
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

    private static Call maxOfAll(GraphBuilder.Pool p, Choices c) {
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
    private static Call crossEntropy(GraphBuilder.Pool p, Choices c) {
        int z = p.input(c, s -> s.length == 2 && s[1] >= 1, () -> new long[] {p.dim(c), p.nonEmptyDim(c)}, REAL);
        long[] s = p.shape(z);
        return Call.on(z, Call.ref(p.index(new long[] {s[0]}, s[1])));
    }

    /** op(a) @ op(b), batch axes broadcasting: b from the graph if one fits, else a fresh leaf. */
    private static Call matmul(GraphBuilder.Pool p, Choices c, boolean withFlags) {
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

    private static Call transposeAxes(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 1, REAL);
        return Call.on(x, ShapeMath.axis(p, c, x), ShapeMath.axis(p, c, x));
    }

    private static Call permute(GraphBuilder.Pool p, Choices c) {
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
    private static Call reshape(GraphBuilder.Pool p, Choices c) {
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

    private static Call unsqueeze(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        int r = p.rank(x) + 1;
        return Call.on(x, c.next(2 * r) - r);
    }

    private static Call squeeze(GraphBuilder.Pool p, Choices c) {
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
    private static Call broadcastTo(GraphBuilder.Pool p, Choices c) {
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
    private static Call sumToShape(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        return Call.on(x, (Object) ShapeMath.reducedPartner(c, p.shape(x)));
    }

    private static Call slice(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 1, REAL);
        int axis = ShapeMath.axis(p, c, x);
        long n = p.shape(x)[Math.floorMod(axis, p.rank(x))];
        long start = c.next((int) n + 1);
        long end = start + c.next((int) (n - start) + 1);
        return Call.on(x, axis, start, end);
    }

    /** 1 to 4 row indices (repeats allowed) into a value with rows. */
    private static Call rows(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, s -> s.length >= 1 && s[0] >= 1, () -> nonEmptyRows(p, c), REAL);
        long n = p.shape(x)[0];
        long[] index = new long[1 + c.next(4)];
        for (int i = 0; i < index.length; i++) {
            index[i] = c.next((int) n);
        }
        return Call.on(x, (Object) index);
    }

    private static long[] nonEmptyRows(GraphBuilder.Pool p, Choices c) {
        long[] s = p.shape(c, 1, 3);
        s[0] = Math.max(1, s[0]);
        return s;
    }

    /** An index of 0 to 4 rows (an empty index picks no row). */
    private static Call indexSelect(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, s -> s.length >= 1 && s[0] >= 1, () -> nonEmptyRows(p, c), REAL);
        return Call.on(x, Call.ref(p.index(new long[] {c.next(5)}, p.shape(x)[0])));
    }

    /** An index of the input's shape but for 0 to 3 entries along the axis. */
    private static Call gather(GraphBuilder.Pool p, Choices c) {
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
    private static Call concat(GraphBuilder.Pool p, Choices c) {
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
    private static Call stack(GraphBuilder.Pool p, Choices c) {
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
    private static Call roundTripThroughFloat(GraphBuilder.Pool p, Choices c) {
        int x = p.input(c, 0, REAL);
        int f = p.apply(FLOAT_CAST, Call.on(x, DataType.FLOAT), false);
        return f < 0 ? null : Call.on(f, DataType.DOUBLE);
    }

    /** The cast op itself, for the FLOAT half of the round trip. */
    private static final GraphOp FLOAT_CAST = GraphOp.torchOnly("to(FLOAT)", "to(DataType)", (p, c) -> null, "{r}.to({0})");
}
