package dev.ndgrad.autograd;

import static dev.ndgrad.autograd.Domain.AWAY_FROM_CLAMP_BOUNDS;
import static dev.ndgrad.autograd.Domain.AWAY_FROM_ZERO;
import static dev.ndgrad.autograd.Domain.FLOAT_GRID;
import static dev.ndgrad.autograd.Domain.NONZERO;
import static dev.ndgrad.autograd.Domain.POSITIVE;
import static dev.ndgrad.autograd.Domain.PROBABILITY;
import static dev.ndgrad.autograd.Domain.REAL;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The per-op test table (after JAX's {@code lax_autodiff_test}): every differentiable op of
 * {@link Tensor} appears here with its input domains, derivative order and layouts, and
 * {@link OpProperties} expands each row into first- and second-order gradient checks. A public
 * Tensor method that no row {@link OpSpec#covers() covers} fails {@code OpProperties}, so an op
 * without a gradient check cannot slip in.
 *
 * <p>Method signatures are written {@code name(ParamType,...)} with simple type names and arrays
 * (varargs) as {@code T[]}.
 */
final class OpTable {

    private OpTable() {}

    /** Shape rank limit for elementwise ops (dims 1..4, so at most 64 elements per input). */
    private static final int RANK = 3;
    private static final double C = 0.7;

    static final List<OpSpec> OPS = List.of(
            // ---- arithmetic, Tensor operands with broadcasting
            binary("add", REAL, REAL, "add(Tensor)", (x, l) -> x.get(0).add(x.get(1))),
            binary("sub", REAL, REAL, "sub(Tensor)", (x, l) -> x.get(0).sub(x.get(1))),
            binary("mul", REAL, REAL, "mul(Tensor)", (x, l) -> x.get(0).mul(x.get(1))),
            binary("div", REAL, NONZERO, "div(Tensor)", (x, l) -> x.get(0).div(x.get(1))),
            // the exponent stays off 0, where ∂a is PyTorch's masked 0 and so its derivative in b is 0, not the 1/a
            // that central differences measure (ConventionTest pins the convention)
            binary("pow(Tensor)", POSITIVE, AWAY_FROM_ZERO, "pow(Tensor)", (x, l) -> x.get(0).pow(x.get(1))),
            binary("maximum", REAL, REAL, "maximum(Tensor)", (x, l) -> x.get(0).maximum(x.get(1)))
                    .withDistinctValues(),
            binary("minimum", REAL, REAL, "minimum(Tensor)", (x, l) -> x.get(0).minimum(x.get(1)))
                    .withDistinctValues(),
            spec("where", List.of(REAL, REAL), ShapeGen.where(RANK), "where(Tensor,Tensor,Tensor)",
                    (x, l) -> Tensor.where(l.maskTensor(DataType.DOUBLE), x.get(0), x.get(1))),
            spec("where with a constant b", List.of(REAL), ShapeGen.whereWithConstant(RANK),
                    "where(Tensor,Tensor,double)", (x, l) -> Tensor.where(l.maskTensor(DataType.DOUBLE), x.get(0), C)),
            spec("where with a constant a", List.of(REAL), ShapeGen.whereWithConstant(RANK),
                    "where(Tensor,double,Tensor)", (x, l) -> Tensor.where(l.maskTensor(DataType.DOUBLE), -C, x.get(0))),
            // ---- arithmetic with a double operand
            unary("add(double)", REAL, "add(double)", x -> x.add(C)),
            unary("sub(double)", REAL, "sub(double)", x -> x.sub(C)),
            unary("rsub(double)", REAL, "rsub(double)", x -> x.rsub(C)),
            unary("mul(double)", REAL, "mul(double)", x -> x.mul(-1.3)),
            unary("div(double)", REAL, "div(double)", x -> x.div(-2.5)),
            unary("rdiv(double)", NONZERO, "rdiv(double)", x -> x.rdiv(C)),
            unary("neg", REAL, "neg()", Tensor::neg),
            spec("pow(double), integer p on reals", List.of(REAL), withChoice(ShapeGen.unary(0, RANK), 0, 1, 2, 3),
                    "pow(double)", (x, l) -> x.get(0).pow(l.param(0))),
            spec("pow(double), real p on positives", List.of(POSITIVE),
                    withChoice(ShapeGen.unary(0, RANK), -3, -2, 1, 5), "pow(double)",
                    (x, l) -> x.get(0).pow(l.param(0) / 2.0)),
            unary("square", REAL, "square()", Tensor::square),
            // ---- elementwise functions
            unary("exp", REAL, "exp()", Tensor::exp),
            unary("log", POSITIVE, "log()", Tensor::log),
            unary("sqrt", POSITIVE, "sqrt()", Tensor::sqrt),
            unary("abs", AWAY_FROM_ZERO, "abs()", Tensor::abs),
            unary("clamp", AWAY_FROM_CLAMP_BOUNDS, "clamp(double,double)", x -> x.clamp(-0.5, 0.5)),
            unary("sigmoid", REAL, "sigmoid()", Tensor::sigmoid),
            unary("tanh", REAL, "tanh()", Tensor::tanh),
            unary("relu", AWAY_FROM_ZERO, "relu()", Tensor::relu),
            unary("leakyRelu", AWAY_FROM_ZERO, "leakyRelu(double)", x -> x.leakyRelu(0.2)),
            unary("softplus", REAL, "softplus()", Tensor::softplus),
            unary("sin", REAL, "sin()", Tensor::sin),
            unary("cos", REAL, "cos()", Tensor::cos),
            unary("erf", REAL, "erf()", Tensor::erf),
            unary("gelu", REAL, "gelu()", Tensor::gelu),
            unary("geluTanh", REAL, "geluTanh()", Tensor::geluTanh),
            unary("silu", REAL, "silu()", Tensor::silu),
            unary("elu()", AWAY_FROM_ZERO, "elu()", Tensor::elu),
            unary("elu(alpha)", AWAY_FROM_ZERO, "elu(double)", x -> x.elu(0.7)),
            // FLOAT rounding would swamp a step of 1e-6; on the grid a step of 1/16 is exact, but only on a linear
            // function (on a curved one the big step looks like a kink), so first order here: FunctionalTest
            // takes a Hessian through a cast
            unary("to(FLOAT) and back", FLOAT_GRID, "to(DataType)",
                    x -> x.to(DataType.FLOAT).mul(3).to(DataType.DOUBLE)).withEps(1.0 / 16).withOrder(1),
            // ---- reductions
            unary("sum()", REAL, "sum()", Tensor::sum),
            axis("sum(axis)", REAL, "sum(int,boolean)", (x, a, keep) -> x.sum(a, keep)),
            spec("sum(axes)", List.of(REAL), ShapeGen.withAxes(RANK), "sum(int[],boolean)",
                    (x, l) -> x.get(0).sum(axesOf(l), l.flag(0))),
            unary("mean()", REAL, "mean()", Tensor::mean),
            axis("mean(axis)", REAL, "mean(int,boolean)", (x, a, keep) -> x.mean(a, keep)),
            spec("mean(axes)", List.of(REAL), ShapeGen.withAxes(RANK), "mean(int[],boolean)",
                    (x, l) -> x.get(0).mean(axesOf(l), l.flag(0))),
            axis("variance(axis)", REAL, "variance(int,boolean)", (x, a, keep) -> x.variance(a, keep)),
            axis("variance(axis, ddof)", REAL, "variance(int,boolean,int)",
                    (x, a, keep) -> x.variance(a, keep, x.size(a) > 1 ? 1 : 0)),
            axis("max(axis)", REAL, "max(int,boolean)", (x, a, keep) -> x.max(a, keep)).withDistinctValues(),
            unary("max()", REAL, "max()", Tensor::max).withDistinctValues(),
            axis("min(axis)", REAL, "min(int,boolean)", (x, a, keep) -> x.min(a, keep)).withDistinctValues(),
            // norms keep away from their kinks: 0 for p = 1 and 2, ties of |x| for p = ∞ (distinct positive values,
            // given alternating signs so that negative elements occur)
            unary("norm()", AWAY_FROM_ZERO, "norm()", Tensor::norm),
            unary("norm(1)", AWAY_FROM_ZERO, "norm(double)", x -> x.norm(1)),
            unary("norm(2)", AWAY_FROM_ZERO, "norm(double)", x -> x.norm(2)),
            unary("norm(inf)", POSITIVE, "norm(double)", x -> alternatingSigns(x).norm(Double.POSITIVE_INFINITY))
                    .withDistinctValues(),
            axis("norm(1, axis)", AWAY_FROM_ZERO, "norm(double,int,boolean)", (x, a, keep) -> x.norm(1, a, keep)),
            axis("norm(2, axis)", AWAY_FROM_ZERO, "norm(double,int,boolean)", (x, a, keep) -> x.norm(2, a, keep)),
            axis("norm(inf, axis)", POSITIVE, "norm(double,int,boolean)",
                    (x, a, keep) -> alternatingSigns(x).norm(Double.POSITIVE_INFINITY, a, keep)).withDistinctValues(),
            axis("logSumExp", REAL, "logSumExp(int,boolean)", (x, a, keep) -> x.logSumExp(a, keep)),
            axis("softmax", REAL, "softmax(int)", (x, a, keep) -> x.softmax(a)),
            axis("logSoftmax", REAL, "logSoftmax(int)", (x, a, keep) -> x.logSoftmax(a)),
            // ---- fused losses
            spec("crossEntropy (mean)", List.of(REAL), ShapeGen.classIndices(), "crossEntropy(Tensor)",
                    (x, l) -> x.get(0).crossEntropy(l.indexTensor())),
            spec("crossEntropySum", List.of(REAL), ShapeGen.classIndices(), "crossEntropySum(Tensor)",
                    (x, l) -> x.get(0).crossEntropySum(l.indexTensor()).mul(x.get(0).crossEntropy(l.indexTensor()))),
            spec("binaryCrossEntropy (mean)", List.of(PROBABILITY, PROBABILITY), ShapeGen.sameShape(2, RANK),
                    "binaryCrossEntropy(Tensor,double)", (x, l) -> x.get(0).binaryCrossEntropy(x.get(1), 1e-12)),
            spec("binaryCrossEntropySum", List.of(PROBABILITY, PROBABILITY), ShapeGen.sameShape(2, RANK),
                    "binaryCrossEntropySum(Tensor,double)", (x, l) -> x.get(0).binaryCrossEntropySum(x.get(1), 1e-12)),
            // ---- linear algebra
            spec("matmul", List.of(REAL), ShapeGen.matmul(2, false), "matmul(Tensor)",
                    (x, l) -> x.get(0).matmul(x.get(1))).withTries(12),
            spec("matmul with transpose flags", List.of(REAL), ShapeGen.matmul(2, true),
                    "matmul(Tensor,boolean,boolean)", (x, l) -> x.get(0).matmul(x.get(1), l.flag(0), l.flag(1)))
                    .withTries(12),
            spec("matmul with a vector", List.of(REAL), ShapeGen.vectorMatmul(), "matmul(Tensor)",
                    (x, l) -> x.get(0).matmul(x.get(1))),
            spec("linear (fused product and bias)", List.of(REAL), ShapeGen.linear(2), "linear(Tensor,Tensor)",
                    (x, l) -> x.get(0).linear(x.get(1), l.flag(0) ? x.get(2) : null)).withTries(12),
            // ---- shape
            spec("transpose()", List.of(REAL), ShapeGen.unary(2, RANK), "transpose()",
                    (x, l) -> x.get(0).transpose()),
            spec("transpose(i, j)", List.of(REAL), ShapeGen.twoAxes(1, RANK), "transpose(int,int)",
                    (x, l) -> x.get(0).transpose(l.param(0), l.param(1))),
            spec("permute", List.of(REAL), ShapeGen.permutation(RANK), "permute(int[])",
                    (x, l) -> x.get(0).permute(l.params())),
            spec("reshape", List.of(REAL), ShapeGen.reshape(RANK), "reshape(long[])",
                    (x, l) -> x.get(0).reshape(l.target())),
            spec("unsqueeze", List.of(REAL), ShapeGen.newAxis(RANK), "unsqueeze(int)",
                    (x, l) -> x.get(0).unsqueeze(l.param(0))),
            spec("squeeze", List.of(REAL), ShapeGen.squeezable(RANK), "squeeze(int)",
                    (x, l) -> x.get(0).squeeze(l.param(0))),
            spec("flatten", List.of(REAL), ShapeGen.unary(1, RANK), "flatten()", (x, l) -> x.get(0).flatten()),
            spec("broadcastTo", List.of(REAL), ShapeGen.broadcastToTarget(RANK), "broadcastTo(long[])",
                    (x, l) -> x.get(0).broadcastTo(l.target())),
            spec("sumToShape", List.of(REAL), ShapeGen.sumToTarget(RANK), "sumToShape(long[])",
                    (x, l) -> x.get(0).sumToShape(l.target())),
            spec("slice", List.of(REAL), ShapeGen.slice(RANK), "slice(int,long,long)",
                    (x, l) -> x.get(0).slice(l.param(0), l.param(1), l.param(2))),
            spec("get", List.of(REAL), ShapeGen.elementIndex(RANK), "get(long[])",
                    (x, l) -> x.get(0).get(java.util.Arrays.stream(l.params()).asLongStream().toArray())),
            spec("select", List.of(REAL), ShapeGen.select(RANK), "select(int,long)",
                    (x, l) -> x.get(0).select(l.param(0), l.param(1))),
            spec("rows", List.of(REAL), ShapeGen.rows(RANK), "rows(long[])", (x, l) -> x.get(0).rows(l.index())),
            spec("indexSelect", List.of(REAL), ShapeGen.rows(RANK), "indexSelect(Tensor)",
                    (x, l) -> x.get(0).indexSelect(l.indexTensor())),
            spec("gather", List.of(REAL), ShapeGen.gather(RANK), "gather(int,Tensor)",
                    (x, l) -> x.get(0).gather(l.param(0), l.indexTensor())),
            spec("concat", List.of(REAL), ShapeGen.concat(RANK), "concat(int,Tensor[])",
                    (x, l) -> Tensor.concat(l.param(0), x.toArray(new Tensor[0]))),
            spec("stack", List.of(REAL), ShapeGen.stack(RANK), "stack(int,Tensor[])",
                    (x, l) -> Tensor.stack(l.param(0), x.toArray(new Tensor[0]))),
            // ---- sliding windows: unfold and fold are each other's adjoint (and backward)
            spec("unfold", List.of(REAL), ShapeGen.image(), "unfold(Window2d)",
                    (x, l) -> x.get(0).unfold(ShapeGen.window(l)).square()).withTries(6),
            spec("fold", List.of(REAL), ShapeGen.columns(), "fold(long,long,Window2d)",
                    (x, l) -> x.get(0).fold(l.target()[0], l.target()[1], ShapeGen.window(l)).square()).withTries(6),
            spec("maxPool2d", List.of(REAL), ShapeGen.pooling(), "maxPool2d(Window2d)",
                    (x, l) -> x.get(0).maxPool2d(ShapeGen.window(l)).square()).withDistinctValues().withTries(6),
            // ---- the backward ops of their own (the rows above differentiate them once more; here each is checked
            //      directly, to first and second order)
            primitive("sigmoidBackward", List.of(REAL, REAL), ShapeGen.binary(RANK),
                    (x, l) -> UnaryOps.SIGMOID_GRAD.apply(x.get(0), x.get(1))),
            primitive("tanhBackward", List.of(REAL, REAL), ShapeGen.binary(RANK),
                    (x, l) -> UnaryOps.TANH_GRAD.apply(x.get(0), x.get(1))),
            primitive("reluBackward", List.of(AWAY_FROM_ZERO, REAL), ShapeGen.binary(RANK),
                    (x, l) -> UnaryOps.RELU_GRAD.apply(x.get(0), x.get(1))),
            primitive("unsum", List.of(REAL), ShapeGen.unsum(RANK),
                    (x, l) -> new ReductionOps.Unsum(axesOf(l), l.flag(0), l.target()).apply(x.get(0)))
                    .withEmptyLayouts(ShapeGen.unsumOf(ShapeGen.withEmptyDimension(ShapeGen.withAxes(RANK)))),
            primitive("embed", List.of(REAL), ShapeGen.embed(RANK),
                    (x, l) -> new ShapeOps.Embed(l.target(), l.param(0), l.param(1)).apply(x.get(0)))
                    .withEmptyLayouts(ShapeGen.embedOf(ShapeGen.withEmptyDimension(ShapeGen.slice(RANK)))),
            primitive("indexAdd", List.of(REAL), ShapeGen.indexAdd(RANK),
                    (x, l) -> new ShapeOps.IndexAdd(l.param(0)).apply(x.get(0), l.indexTensor()))
                    .withEmptyLayouts(ShapeGen.indexAddOf(ShapeGen.withEmptyDimension(ShapeGen.rows(RANK)))),
            primitive("scatterAdd", List.of(REAL), ShapeGen.scatterAdd(RANK),
                    (x, l) -> new ShapeOps.ScatterAdd(l.param(0), l.target()).apply(x.get(0), l.indexTensor()))
                    .withEmptyLayouts(ShapeGen.scatterAddOf(ShapeGen.withEmptyDimension(ShapeGen.gather(RANK)))),
            primitive("maxPool2dBackward", List.of(REAL), ShapeGen.pooledGradient(),
                    (x, l) -> new PatchOps.MaxPoolBackward(l.target()).apply(x.get(0), maximaOf(l)).square())
                    .withEmptyLayouts(ShapeGen.pooledGradientOf(ShapeGen.withEmptyDimension(ShapeGen.pooling()))),
            primitive("crossEntropyBackward", List.of(REAL), ShapeGen.crossEntropyGrad(),
                    (x, l) -> new LossOps.CrossEntropyGrad(0.7).apply(x.get(0), x.get(1), l.indexTensor(),
                            x.get(0).detach().softmax(1)))
                    .withEmptyLayouts(ShapeGen.crossEntropyGradOf(ShapeGen.withEmptyDimension(ShapeGen.classIndices()))),
            // ---- compositions that hand views (non-contiguous arrays) to the next op and their gradients back
            spec("matmul of transposed views", List.of(REAL), ShapeGen.transposedMatmul(), "matmul(Tensor)",
                    (x, l) -> x.get(0).transpose().matmul(x.get(1).transpose())),
            spec("reshape of a permuted view", List.of(REAL), ShapeGen.permutation(RANK), "reshape(long[])",
                    (x, l) -> x.get(0).permute(l.params()).reshape(-1).mul(x.get(0).permute(l.params()).flatten()
                            .reshape(-1))),
            spec("broadcasting ops on views", List.of(REAL, POSITIVE), ShapeGen.transposedPair(),
                    "transpose()", (x, l) -> x.get(0).transpose().div(x.get(1)).exp().mul(x.get(0).transpose())));

    /**
     * Public Tensor methods that return a Tensor but are not differentiable ops: factories, accessors,
     * graph plumbing and constant-valued masks and indices.
     */
    static final Set<String> NOT_DIFFERENTIABLE = Set.of(
            "of(INDArray)", "of(double[][])", "of(double[])", "scalar(double)", "scalar(DataType,double)",
            "indices(long[])", "zeros(long[])", "zeros(DataType,long[])", "ones(long[])", "ones(DataType,long[])",
            "randn(DataType,long[])", "randn(Random,DataType,long[])", "uniform(DataType,double,double,long[])", "uniform(Random,DataType,double,double,long[])",
            "grad()", "gradForUpdate()", "requiresGrad(boolean)", "named(String)", "detach()", "copy()",
            "argmax(int)", "gt(double)", "ge(double)", "lt(double)", "le(double)", "eq(double)", "ne(double)",
            "eq(Tensor)", "ne(Tensor)", "gt(Tensor)", "ge(Tensor)", "lt(Tensor)", "le(Tensor)", "sign()",
            "full(DataType,double,long[])", "of(Storage)", "zerosLike(Tensor)", "onesLike(Tensor)",
            "randnLike(Tensor)", "arange(long)", "arange(long,long,long)", "arange(double,double,double)",
            "arange(DataType,double,double,double)", "linspace(double,double,long)",
            "linspace(DataType,double,double,long)", "eye(long)", "eye(long,long)", "eye(DataType,long,long)",
            "retainGrad()");

    /** Default tries for a row: cheap elementwise ops get more cases than the costly ones. */
    private static final int TRIES = 9;

    /** The signatures every row covers. */
    static Set<String> coveredSignatures() {
        Set<String> out = new LinkedHashSet<>();
        for (OpSpec op : OPS) {
            out.addAll(op.covers());
        }
        return out;
    }

    // ---- row builders

    @FunctionalInterface
    interface UnaryBody {
        Tensor apply(Tensor x);
    }

    @FunctionalInterface
    interface AxisBody {
        Tensor apply(Tensor x, int axis, boolean keepDims);
    }

    static OpSpec spec(String name, List<Domain> domains, Arbitrary<Layout> layouts, String covers,
            OpSpec.Body body) {
        return new OpSpec(name, domains, false, 2, TRIES, 1e-6, layouts, body, Set.of(covers));
    }

    /** A row for a primitive that no public Tensor method applies directly (a backward op). */
    private static OpSpec primitive(String name, List<Domain> domains, Arbitrary<Layout> layouts, OpSpec.Body body) {
        return new OpSpec(name, domains, false, 2, TRIES, 1e-6, layouts, body, Set.of());
    }

    private static OpSpec unary(String name, Domain domain, String covers, UnaryBody body) {
        return spec(name, List.of(domain), ShapeGen.unary(0, RANK), covers, (x, l) -> body.apply(x.get(0)));
    }

    private static OpSpec binary(String name, Domain a, Domain b, String covers, OpSpec.Body body) {
        return spec(name, List.of(a, b), ShapeGen.binary(RANK), covers, body);
    }

    private static OpSpec axis(String name, Domain domain, String covers, AxisBody body) {
        return spec(name, List.of(domain), ShapeGen.withAxis(1, RANK), covers,
                (x, l) -> body.apply(x.get(0), l.param(0), l.flag(1)));
    }

    /** Adds one parameter chosen from {@code choices} to every layout. */
    private static Arbitrary<Layout> withChoice(Arbitrary<Layout> layouts, int... choices) {
        Integer[] boxed = java.util.Arrays.stream(choices).boxed().toArray(Integer[]::new);
        return layouts.flatMap(l -> net.jqwik.api.Arbitraries.of(boxed).map(l::withParams));
    }

    /** The plane offsets of the window maxima of a fixed image of the layout's target shape (distinct values). */
    private static Tensor maximaOf(Layout l) {
        long[] shape = l.target();
        Tensor image = Tensor.arange(DataType.DOUBLE, 0, dev.ndgrad.autograd.kernel.Shapes.length(shape), 1)
                .mul(2.3).sin().reshape(shape);
        return Tensor.of(dev.ndgrad.autograd.kernel.Kernels.maxPool2d(image.storage(),
                ShapeGen.window(l).over(shape[2], shape[3])).indices());
    }

    /** x with every other element negated (row-major): a constant pattern of ±1. */
    private static Tensor alternatingSigns(Tensor x) {
        double[] signs = new double[Math.toIntExact(x.size())];
        for (int i = 0; i < signs.length; i++) {
            signs[i] = i % 2 == 0 ? 1 : -1;
        }
        return x.mul(Tensor.of(dev.ndgrad.autograd.kernel.Kernels.fromDoubles(x.dtype(), signs, x.shape())));
    }

    private static int[] axesOf(Layout l) {
        return java.util.Arrays.copyOfRange(l.params(), 1, l.params().length);
    }
}
