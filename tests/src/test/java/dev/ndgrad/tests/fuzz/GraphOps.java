package dev.ndgrad.tests.fuzz;

import static dev.ndgrad.tests.fuzz.GraphOpPlans.C;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.axes;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.axis;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.axisOnly;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.binary;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.extremum;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.linear;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.matmul;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.norm;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.separated;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.unary;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.variance;
import static dev.ndgrad.tests.fuzz.GraphOpPlans.whereWithConstant;
import static dev.ndgrad.tests.fuzz.ValueDomain.AWAY_FROM_CLAMP_BOUNDS;
import static dev.ndgrad.tests.fuzz.ValueDomain.AWAY_FROM_ZERO;
import static dev.ndgrad.tests.fuzz.ValueDomain.BOUNDED;
import static dev.ndgrad.tests.fuzz.ValueDomain.EXPONENT;
import static dev.ndgrad.tests.fuzz.ValueDomain.NONZERO;
import static dev.ndgrad.tests.fuzz.ValueDomain.NORM_ARGUMENT;
import static dev.ndgrad.tests.fuzz.ValueDomain.POSITIVE;
import static dev.ndgrad.tests.fuzz.ValueDomain.REAL;

import dev.ndgrad.autograd.Window2d;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ops random graphs draw from: every differentiable public Tensor method of the per-op table (a test keeps it
 * so), and {@code detach()}. Each is a signature, a planner that fits it into the graph being built, and its
 * PyTorch expression. The first ops are the plainest, because shrinking moves a step's op towards the first.
 */
final class GraphOps {

    private GraphOps() {}

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
            GraphOp.of("where", "where(Tensor,Tensor,Tensor)", GraphOpPlans::where, "torch.where({0} != 0, {1}, {2})"),
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
            GraphOp.of("max()", "max()", GraphOpPlans::maxOfAll, "torch.amax({r})"),
            axis("logSumExp", "logSumExp(int,boolean)", true, "torch.logsumexp({r}, {0}, keepdim={1})"),
            GraphOp.of("softmax", "softmax(int)", (p, c) -> axisOnly(p, c), "torch.softmax({r}, {0})"),
            GraphOp.of("logSoftmax", "logSoftmax(int)", (p, c) -> axisOnly(p, c), "torch.log_softmax({r}, {0})"),
            // ---- norms (p = 1, 2, ∞), of all elements and along an axis
            unary("norm()", "norm()", NORM_ARGUMENT, "torch.linalg.vector_norm({r})"),
            GraphOp.of("norm(p)", "norm(double)", (p, c) -> norm(p, c, false), "torch.linalg.vector_norm({r}, {0})"),
            GraphOp.of("norm(p, axis)", "norm(double,int,boolean)", (p, c) -> norm(p, c, true),
                    "torch.linalg.vector_norm({r}, {0}, dim={1}, keepdim={2})"),
            // ---- fused losses
            GraphOp.of("crossEntropy", "crossEntropy(Tensor)", GraphOpPlans::crossEntropy, "F.cross_entropy({r}, {0})"),
            GraphOp.of("crossEntropySum", "crossEntropySum(Tensor)", GraphOpPlans::crossEntropy,
                    "F.cross_entropy({r}, {0}, reduction='sum')"),
            GraphOp.of("binaryCrossEntropy", "binaryCrossEntropy(Tensor,double)", GraphOpPlans::binaryCrossEntropy,
                    "binary_cross_entropy({r}, {0}).mean()"),
            GraphOp.of("binaryCrossEntropySum", "binaryCrossEntropySum(Tensor,double)", GraphOpPlans::binaryCrossEntropy,
                    "binary_cross_entropy({r}, {0}).sum()"),
            // ---- linear algebra (batched over leading axes)
            GraphOp.of("matmul", "matmul(Tensor)", (p, c) -> matmul(p, c, false), "torch.matmul({r}, {0})"),
            GraphOp.of("matmul with transpose flags", "matmul(Tensor,boolean,boolean)", (p, c) -> matmul(p, c, true),
                    "matmul_t({r}, {0}, {1}, {2})"),
            GraphOp.of("linear", "linear(Tensor,Tensor)", GraphOpPlans::linear, "F.linear({r}, {0}, {1})"),
            // ---- shape
            GraphOp.of("transpose()", "transpose()", (p, c) -> Call.on(p.input(c, 2, REAL)), "{r}.transpose(-2, -1)"),
            GraphOp.of("transpose(i, j)", "transpose(int,int)", GraphOpPlans::transposeAxes, "{r}.transpose({0}, {1})"),
            GraphOp.of("permute", "permute(int[])", GraphOpPlans::permute, "{r}.permute({0})"),
            GraphOp.of("reshape", "reshape(long[])", GraphOpPlans::reshape, "{r}.reshape({0})"),
            GraphOp.of("unsqueeze", "unsqueeze(int)", GraphOpPlans::unsqueeze, "{r}.unsqueeze({0})"),
            GraphOp.of("squeeze", "squeeze(int)", GraphOpPlans::squeeze, "{r}.squeeze({0})"),
            GraphOp.of("flatten", "flatten()", (p, c) -> Call.on(p.input(c, 0, REAL)), "flatten2d({r})"),
            GraphOp.of("broadcastTo", "broadcastTo(long[])", GraphOpPlans::broadcastTo, "{r}.expand({0})"),
            GraphOp.of("sumToShape", "sumToShape(long[])", GraphOpPlans::sumToShape, "sum_to_shape({r}, {0})"),
            GraphOp.of("slice", "slice(int,long,long)", GraphOpPlans::slice, "{r}.narrow({0}, {1}, {2} - {1})"),
            GraphOp.of("rows", "rows(long[])", GraphOpPlans::rows, "{r}[torch.tensor({0})]"),
            GraphOp.of("indexSelect", "indexSelect(Tensor)", GraphOpPlans::indexSelect, "torch.index_select({r}, 0, {0})"),
            GraphOp.of("gather", "gather(int,Tensor)", GraphOpPlans::gather, "torch.gather({r}, {0}, {1})"),
            GraphOp.of("concat", "concat(int,Tensor[])", GraphOpPlans::concat, "torch.cat({1}, {0})"),
            GraphOp.of("get", "get(long[])", GraphOpPlans::get, "{r}[{0}]"),
            GraphOp.of("select", "select(int,long)", GraphOpPlans::select, "torch.select({r}, {0}, {1})"),
            GraphOp.of("stack", "stack(int,Tensor[])", GraphOpPlans::stack, "torch.stack({1}, {0})"),
            // ---- sliding windows over [N, C, H, W] images
            GraphOp.of("unfold", "unfold(Window2d)", GraphOpPlans::unfold, "F.unfold({r}, {0})"),
            GraphOp.of("fold", "fold(long,long,Window2d)", GraphOpPlans::fold, "F.fold({r}, ({0}, {1}), {2})"),
            GraphOp.of("maxPool2d", "maxPool2d(Window2d)", GraphOpPlans::maxPool2d, "F.max_pool2d({r}, {0})"),
            // ---- cutting the graph: a constant that depends on the variables (pinned, see Graph)
            GraphOp.of("detach", "detach()", (p, c) -> Call.on(p.input(c, 0, REAL)), "{r}.detach()"),
            // ---- a round trip through FLOAT: exact values, but no central difference can follow it
            GraphOp.torchOnly("to(FLOAT) and back", "to(DataType)", GraphOpPlans::roundTripThroughFloat, "{r}.to({0})"));

    /** The ops a gradient check can follow (all but the round trip through FLOAT). */
    static final List<GraphOp> NUMERIC = ALL.stream().filter(GraphOp::numeric).toList();
}
