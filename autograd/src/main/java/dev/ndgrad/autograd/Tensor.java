package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An n-dimensional array that records the operations applied to it, so that one reverse-mode pass
 * ({@link #backward()}) derives the gradient of a scalar with respect to every tensor it came from.
 *
 * <p>Tensors are values: every op returns a new tensor and leaves its inputs alone. The only
 * mutations are explicit ({@link #setData}, {@link #updateData}); they bump a version counter, so
 * that a backward through a tensor changed after it was saved fails instead of being silently wrong.
 *
 * <p>Binary ops broadcast like NumPy; the gradient is summed back to each input's shape. A
 * {@code double} operand takes this tensor's dtype; two tensors of different floating dtypes are an
 * error (convert with {@link #to(DataType)}). Data is row-major: a batch is {@code [batch, features]}.
 */
public final class Tensor {

    /** Shared by a tensor and the views of its data, so a change through either is seen by both. */
    static final class Version {
        int value;
    }

    private INDArray data;
    private final Node gradFn;
    private final Version version;
    private boolean requiresGrad;
    private Node accumulator;
    private Tensor grad;
    private boolean gradOwned;
    private String name;

    private Tensor(INDArray data, Node gradFn, Version version) {
        this.data = data;
        this.gradFn = gradFn;
        this.version = version;
        this.requiresGrad = gradFn != null;
    }

    // ------------------------------------------------------------------ factories

    /** A leaf tensor over {@code data} (not copied). */
    public static Tensor of(INDArray data) {
        return new Tensor(checkNotNull(data, "data"), null, new Version());
    }

    /** A rank-2 leaf tensor of {@link Nd4j#defaultFloatingPointType()}, one row per array. */
    public static Tensor of(double[][] rows) {
        checkArgument(rows.length > 0, "Tensor.of: no rows");
        for (double[] row : rows) {
            checkArgument(row.length == rows[0].length, "Tensor.of: ragged rows (%s and %s elements)", rows[0].length,
                    row.length);
        }
        return of(Nd4j.create(rows).castTo(Nd4j.defaultFloatingPointType()));
    }

    /** A rank-1 leaf tensor of {@link Nd4j#defaultFloatingPointType()}. */
    public static Tensor of(double... values) {
        return of(Nd4j.createFromArray(values).castTo(Nd4j.defaultFloatingPointType()));
    }

    /** A rank-0 leaf tensor of {@link Nd4j#defaultFloatingPointType()}. */
    public static Tensor scalar(double value) {
        return of(Nd4j.scalar(Nd4j.defaultFloatingPointType(), value));
    }

    /** A rank-0 leaf tensor of the given dtype. */
    public static Tensor scalar(DataType dtype, double value) {
        return of(Nd4j.scalar(dtype, value));
    }

    /** A rank-1 tensor of class or row indices (dtype LONG), e.g. the targets of a cross-entropy. */
    public static Tensor indices(long... indices) {
        return of(Nd4j.createFromArray(indices));
    }

    /** Zeros of the default floating dtype. */
    public static Tensor zeros(long... shape) {
        return zeros(Nd4j.defaultFloatingPointType(), shape);
    }

    public static Tensor zeros(DataType dtype, long... shape) {
        return of(Nd4j.zeros(dtype, shape));
    }

    /** Ones of the default floating dtype. */
    public static Tensor ones(long... shape) {
        return ones(Nd4j.defaultFloatingPointType(), shape);
    }

    public static Tensor ones(DataType dtype, long... shape) {
        return of(Nd4j.ones(dtype, shape));
    }

    /**
     * Standard normal samples of {@code shape}, drawn from the calling thread's {@link DefaultGenerator}
     * (seed it with {@link DefaultGenerator#manualSeed}).
     */
    public static Tensor randn(DataType dtype, long... shape) {
        return randn(DefaultGenerator.get(), dtype, shape);
    }

    /**
     * Standard normal samples of {@code shape} drawn from {@code random} ({@link Random#nextGaussian()}, in
     * row-major order): the same generator state gives the same tensor.
     */
    public static Tensor randn(Random random, DataType dtype, long... shape) {
        checkNotNull(random, "randn: random is null");
        double[] values = new double[checkedLength("randn", shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return of(Nd4j.create(values, shape, 'c').castTo(dtype));
    }

    /** Samples of {@code U(low, high)} of {@code shape}, from the calling thread's {@link DefaultGenerator}. */
    public static Tensor uniform(DataType dtype, double low, double high, long... shape) {
        return uniform(DefaultGenerator.get(), dtype, low, high, shape);
    }

    /** Samples of {@code U(low, high)} of {@code shape} drawn from {@code random} ({@link Random#nextDouble()}). */
    public static Tensor uniform(Random random, DataType dtype, double low, double high, long... shape) {
        checkNotNull(random, "uniform: random is null");
        checkArgument(low < high, "uniform: low %s must be below high %s", low, high);
        double[] values = new double[checkedLength("uniform", shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        return of(Nd4j.create(values, shape, 'c').castTo(dtype));
    }

    private static int checkedLength(String op, long[] shape) {
        checkNotNull(shape, "%s: shape is null", op);
        for (long d : shape) {
            checkArgument(d >= 0, "%s: shape %s has a negative dimension", op, Arrays.toString(shape));
        }
        long n = Shapes.length(shape);
        checkArgument(n <= Integer.MAX_VALUE, "%s: shape %s has %s elements, more than fit in one array", op,
                Arrays.toString(shape), n);
        return (int) n;
    }

    static Tensor wrap(INDArray data) {
        return new Tensor(data, null, new Version());
    }

    static Tensor wrap(INDArray data, Version version) {
        return new Tensor(data, null, version);
    }

    static Tensor fromNode(INDArray data, Node node) {
        return new Tensor(data, node, new Version());
    }

    static Tensor fromNode(INDArray data, Node node, Version version) {
        return new Tensor(data, node, version);
    }

    Version versionCounter() {
        return version;
    }

    // ------------------------------------------------------------------ state

    /** The values (not a copy). Change them only through {@link #setData} or {@link #updateData}. */
    public INDArray data() {
        return data;
    }

    /** The accumulated gradient ∂L/∂this after {@link #backward()}, or {@code null} if none has arrived. */
    public Tensor grad() {
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf as a variable whose gradient {@link #backward()} should compute. Fluent.
     *
     * @throws IllegalStateException on a tensor produced by an op (use {@code detach().requiresGrad(true)})
     * @throws IllegalArgumentException on a non-floating dtype
     */
    public Tensor requiresGrad(boolean requires) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: " + describe() + " was produced by " + gradFn.name()
                    + "; only leaf tensors can be marked. Use detach().requiresGrad(true) for a new leaf.");
        }
        checkArgument(!requires || data.dataType().isFPType(),
                "requiresGrad: only floating-point tensors can require grad, got %s", describe());
        this.requiresGrad = requires;
        return this;
    }

    /** Whether this tensor was created by the user rather than by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Name of the op that produced this tensor, or {@code "leaf"}. */
    public String producer() {
        return gradFn == null ? "leaf" : gradFn.name();
    }

    /** An optional name, used in error messages and gradient-check reports. Fluent. */
    public Tensor named(String name) {
        this.name = name;
        return this;
    }

    public String name() {
        return name;
    }

    /** Forgets the gradient: {@link #grad()} is {@code null} until the next backward. */
    public void zeroGrad() {
        grad = null;
        gradOwned = false;
    }

    /** A new leaf over the same data, cut off from the graph (no gradient flows through it). */
    public Tensor detach() {
        return new Tensor(data, null, version);
    }

    /** A new leaf over a copy of the data. */
    public Tensor copy() {
        return of(data.dup());
    }

    /** Copies {@code values} into this tensor's data (same shape and dtype) and bumps its version. */
    public void setData(INDArray values) {
        checkArgument(Arrays.equals(values.shape(), data.shape()) && values.dataType() == data.dataType(),
                "setData: new values %s%s must have the shape and dtype of %s", values.dataType(),
                Arrays.toString(values.shape()), describe());
        data.assign(values);
        version.value++;
    }

    /**
     * Converts this leaf's values to {@code dtype} in place, keeping the tensor object (so that modules,
     * optimizers and anything else holding it see the change, as PyTorch's {@code module.to(dtype)} does);
     * the gradient is dropped and the version bumped. A no-op when the dtype is already {@code dtype}.
     *
     * @throws IllegalStateException on a tensor produced by an op, or one that shares its data with another
     *     tensor (a view), where a change of dtype would silently split the two
     * @throws IllegalArgumentException if this tensor requires grad and {@code dtype} is not floating
     */
    public void castInPlace(DataType dtype) {
        checkNotNull(dtype, "castInPlace: dtype is null");
        if (dtype == data.dataType()) {
            return;
        }
        if (gradFn != null) {
            throw new IllegalStateException("castInPlace: " + describe() + " was produced by an op; only leaves can "
                    + "change dtype in place");
        }
        if (data.isView()) {
            throw new IllegalStateException("castInPlace: " + describe() + " is a view of another tensor's data");
        }
        checkArgument(!requiresGrad || dtype.isFPType(),
                "castInPlace: %s requires grad, so its dtype must stay floating (got %s)", describe(), dtype);
        data = ArrayOps.cast(data, dtype);
        grad = null;
        gradOwned = false;
        version.value++;
    }

    /** Changes the data in place with {@code update} (e.g. an optimizer step) and bumps the version. */
    public void updateData(Consumer<INDArray> update) {
        update.accept(data);
        version.value++;
    }

    int version() {
        return version.value;
    }

    public long[] shape() {
        return data.shape();
    }

    /** Size along {@code axis} (negative counts from the end). */
    public long size(int axis) {
        return data.size(Shapes.axis("size", axis, data.rank()));
    }

    public long size() {
        return data.length();
    }

    public int rank() {
        return data.rank();
    }

    public DataType dtype() {
        return data.dataType();
    }

    /** The value of a one-element tensor. */
    public double item() {
        checkArgument(data.length() == 1, "item: needs a tensor with one element, got %s", describe());
        return data.getDouble(0);
    }

    /** The data as a flat row-major {@code double[]} (a copy). */
    public double[] toDoubleArray() {
        return data.dup('c').data().asDouble();
    }

    Node gradEdge() {
        if (gradFn != null) {
            return gradFn;
        }
        if (accumulator == null) {
            accumulator = Node.accumulatorFor(this);
        }
        return accumulator;
    }

    Node gradFn() {
        return gradFn;
    }

    void setGradFromEngine(Tensor g, boolean owned) {
        grad = g;
        gradOwned = owned;
    }

    boolean gradOwned() {
        return gradOwned;
    }

    /** Short description for messages: {@code 'w1' FLOAT[3, 4] (from matmul)}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (name != null) {
            s.append('\'').append(name).append("' ");
        }
        s.append(data.dataType()).append(Arrays.toString(data.shape()));
        if (gradFn != null) {
            s.append(" (from ").append(gradFn.name()).append(')');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "Tensor(" + describe() + (requiresGrad ? ", requiresGrad" : "") + ")\n" + data;
    }

    // ------------------------------------------------------------------ backward

    /** Backpropagates from this one-element tensor: every leaf it depends on gets {@code ∂this/∂leaf} added to its grad. */
    public void backward() {
        Engine.backward(this, null, false, false);
    }

    /** Backpropagates {@code gradOutput} (of this tensor's shape): leaves get the vector-Jacobian product added. */
    public void backward(Tensor gradOutput) {
        Engine.backward(this, checkNotNull(gradOutput, "gradOutput"), false, false);
    }

    /** As {@link #backward(Tensor)}; {@code retainGraph} keeps saved tensors for another backward. */
    public void backward(Tensor gradOutput, boolean retainGraph) {
        Engine.backward(this, gradOutput, retainGraph, false);
    }

    /** The general form: {@code createGraph} records the backward so the gradients can be differentiated again. */
    public void backward(Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        Engine.backward(this, gradOutput, retainGraph || createGraph, createGraph);
    }

    // ------------------------------------------------------------------ arithmetic (see ArithmeticOps)

    /** {@code this + y}, broadcasting. ∂/∂this = 1, ∂/∂y = 1. */
    public Tensor add(Tensor y) {
        return ArithmeticOps.ADD.apply(this, y);
    }

    /** {@code this + c}. */
    public Tensor add(double c) {
        return new ArithmeticOps.AddScalar(c).apply(this);
    }

    /** {@code this − y}, broadcasting. */
    public Tensor sub(Tensor y) {
        return ArithmeticOps.SUB.apply(this, y);
    }

    /** {@code this − c}. */
    public Tensor sub(double c) {
        return add(-c);
    }

    /** {@code c − this}. */
    public Tensor rsub(double c) {
        return new ArithmeticOps.RSubScalar(c).apply(this);
    }

    /** {@code this · y} elementwise, broadcasting. ∂/∂this = y, ∂/∂y = this. */
    public Tensor mul(Tensor y) {
        return ArithmeticOps.MUL.apply(this, y);
    }

    /** {@code c · this}. */
    public Tensor mul(double c) {
        return new ArithmeticOps.MulScalar(c).apply(this);
    }

    /** {@code this / y} elementwise, broadcasting. ∂/∂this = 1/y, ∂/∂y = −this/y². */
    public Tensor div(Tensor y) {
        return ArithmeticOps.DIV.apply(this, y);
    }

    /** {@code this / c}. */
    public Tensor div(double c) {
        return mul(1.0 / c);
    }

    /** {@code c / this}. ∂/∂this = −c/this². */
    public Tensor rdiv(double c) {
        return new ArithmeticOps.RDivScalar(c).apply(this);
    }

    /** {@code −this}. */
    public Tensor neg() {
        return mul(-1.0);
    }

    /** {@code thisᵖ}. ∂/∂this = p·thisᵖ⁻¹. */
    public Tensor pow(double p) {
        return new ArithmeticOps.PowScalar(p).apply(this);
    }

    /** {@code this^y} elementwise (this &gt; 0 for ∂/∂y = this^y·ln this). */
    public Tensor pow(Tensor y) {
        return ArithmeticOps.POW.apply(this, y);
    }

    /** {@code this²}. */
    public Tensor square() {
        return pow(2);
    }

    /** {@code max(this, y)} elementwise; at ties the gradient is split equally between the two. */
    public Tensor maximum(Tensor y) {
        return ArithmeticOps.MAXIMUM.apply(this, y);
    }

    /** {@code min(this, y)} elementwise; at ties the gradient is split equally between the two. */
    public Tensor minimum(Tensor y) {
        return ArithmeticOps.MINIMUM.apply(this, y);
    }

    /**
     * {@code condition ? a : b} elementwise, broadcasting; {@code condition} is a mask (non-zero = true)
     * and gets no gradient.
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return ArithmeticOps.WHERE.apply(condition, a, b);
    }

    // ------------------------------------------------------------------ elementwise functions (see UnaryOps)

    /** {@code eˣ}; d/dx = eˣ. */
    public Tensor exp() {
        return UnaryOps.EXP.apply(this);
    }

    /** {@code ln x}; d/dx = 1/x. */
    public Tensor log() {
        return UnaryOps.LOG.apply(this);
    }

    /** {@code √x}; d/dx = 1/(2√x). */
    public Tensor sqrt() {
        return UnaryOps.SQRT.apply(this);
    }

    /** {@code |x|}; d/dx = sign(x), taken as 0 at x = 0. */
    public Tensor abs() {
        return UnaryOps.ABS.apply(this);
    }

    /** {@code min(max(x, min), max)}; d/dx = 1 inside {@code [min, max]} (boundaries included), 0 outside. */
    public Tensor clamp(double min, double max) {
        checkArgument(min <= max, "clamp: min %s > max %s", min, max);
        return new UnaryOps.Clamp(min, max).apply(this);
    }

    /** {@code σ(x) = 1/(1 + e⁻ˣ)}; dσ/dx = σ(x)(1 − σ(x)). */
    public Tensor sigmoid() {
        return UnaryOps.SIGMOID.apply(this);
    }

    /** {@code tanh x}; d/dx = 1 − tanh²x. */
    public Tensor tanh() {
        return UnaryOps.TANH.apply(this);
    }

    /** {@code max(x, 0)}; d/dx = 1 for x &gt; 0 and 0 for x ≤ 0 (0 at the kink x = 0, as in PyTorch). */
    public Tensor relu() {
        return UnaryOps.RELU.apply(this);
    }

    /** {@code x} for x &gt; 0, {@code a·x} otherwise; d/dx = 1 or a (a at x = 0). */
    public Tensor leakyRelu(double slope) {
        return new UnaryOps.LeakyRelu(slope).apply(this);
    }

    /** {@code ln(1 + eˣ)}, computed without overflow; d/dx = σ(x). */
    public Tensor softplus() {
        return UnaryOps.SOFTPLUS.apply(this);
    }

    /** A differentiable change of dtype (the gradient is cast back); to an integer type, a constant. */
    public Tensor to(DataType dtype) {
        if (dtype == dtype()) {
            return this;
        }
        return dtype.isFPType() ? new UnaryOps.Cast(dtype).apply(this) : wrap(ArrayOps.cast(data, dtype));
    }

    // ------------------------------------------------------------------ reductions (see ReductionOps)

    /** Sum of all elements, as a rank-0 tensor. */
    public Tensor sum() {
        return new ReductionOps.Sum(Shapes.allAxes(rank()), false).apply(this);
    }

    /** Sum along {@code axis} (negative counts from the end). */
    public Tensor sum(int axis, boolean keepDims) {
        return sum(new int[] {axis}, keepDims);
    }

    /** Sum along several axes. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return new ReductionOps.Sum(ReductionOps.normalise("sum", axes, rank()), keepDims).apply(this);
    }

    /** Mean of all elements, as a rank-0 tensor. */
    public Tensor mean() {
        return sum().mul(1.0 / Math.max(1, size()));
    }

    /** Mean along {@code axis}. */
    public Tensor mean(int axis, boolean keepDims) {
        return mean(new int[] {axis}, keepDims);
    }

    /** Mean along several axes. */
    public Tensor mean(int[] axes, boolean keepDims) {
        int[] a = ReductionOps.normalise("mean", axes, rank());
        long n = 1;
        for (int axis : a) {
            n *= data.size(axis);
        }
        return sum(a, keepDims).mul(1.0 / n);
    }

    /** Population variance {@code mean((x − mean x)²)} along {@code axis} (divisor n, as batch norm uses). */
    public Tensor variance(int axis, boolean keepDims) {
        return variance(axis, keepDims, 0);
    }

    /** Variance along {@code axis} with divisor {@code n − ddof} ({@code ddof = 1}: the unbiased estimate). */
    public Tensor variance(int axis, boolean keepDims, int ddof) {
        return ReductionOps.variance(this, axis, keepDims, ddof);
    }

    /** Largest element along {@code axis}; the gradient goes to the maximum, split equally between ties. */
    public Tensor max(int axis, boolean keepDims) {
        return new ReductionOps.Max(Shapes.axis("max", axis, rank()), keepDims).apply(this);
    }

    /** Largest element, as a rank-0 tensor. */
    public Tensor max() {
        return reshape(size()).max(0, false);
    }

    /** Smallest element along {@code axis}; ties split the gradient equally. */
    public Tensor min(int axis, boolean keepDims) {
        return neg().max(axis, keepDims).neg();
    }

    /** {@code ln Σ eˣ} along {@code axis}, computed stably by shifting by the maximum (−∞ when all are −∞). */
    public Tensor logSumExp(int axis, boolean keepDims) {
        return ReductionOps.logSumExp(this, axis, keepDims);
    }

    /** {@code softmax(x)_i = e^{x_i} / Σ_j e^{x_j}} along {@code axis}, stable; ∂/∂x = y ⊙ (g − Σ g ⊙ y). */
    public Tensor softmax(int axis) {
        return new ReductionOps.Softmax(Shapes.axis("softmax", axis, rank())).apply(this);
    }

    /** {@code x_i − ln Σ_j e^{x_j}} along {@code axis}, stable; ∂/∂x = g − softmax(x) Σ g. */
    public Tensor logSoftmax(int axis) {
        return new ReductionOps.LogSoftmax(Shapes.axis("logSoftmax", axis, rank())).apply(this);
    }

    /**
     * Softmax cross-entropy of these logits {@code z [batch, K]} at integer class indices {@code c [batch]},
     * averaged over the batch, as one fused op (stable for any logits):
     * <pre>L = (1/n) Σᵢ (ln Σₖ e^{zᵢₖ} − zᵢ_{cᵢ}) = −(1/n) Σᵢ logSoftmax(zᵢ)_{cᵢ},   ∂L/∂z = (softmax(z) − onehot(c))/n</pre>
     * The indices get no gradient.
     */
    public Tensor crossEntropy(Tensor classIndices) {
        return new LossOps.CrossEntropy(true).apply(this, checkNotNull(classIndices, "crossEntropy: classIndices"));
    }

    /** As {@link #crossEntropy(Tensor)}, summed over the batch instead of averaged: ∂L/∂z = softmax(z) − onehot(c). */
    public Tensor crossEntropySum(Tensor classIndices) {
        return new LossOps.CrossEntropy(false).apply(this, checkNotNull(classIndices, "crossEntropySum: classIndices"));
    }

    /** Index of the largest element along {@code axis} (dtype LONG, not differentiable). */
    public Tensor argmax(int axis) {
        return wrap(ArrayOps.argmax(data, Shapes.axis("argmax", axis, rank())));
    }

    // ------------------------------------------------------------------ linear algebra (see LinalgOps)

    /**
     * Matrix product {@code this · y}: {@code [n, k]·[k, m] → [n, m]}, batched over leading
     * dimensions ({@code [b, n, k]·[b, k, m]} or {@code [b, n, k]·[k, m]}).
     * ∂/∂this = g·yᵀ, ∂/∂y = thisᵀ·g.
     */
    public Tensor matmul(Tensor y) {
        return LinalgOps.MatMul.PLAIN.apply(this, y);
    }

    /** {@code op(this)·op(y)} with each operand optionally transposed, without materialising a transpose. */
    public Tensor matmul(Tensor y, boolean transposeThis, boolean transposeY) {
        return LinalgOps.MatMul.of(transposeThis, transposeY).apply(this, y);
    }

    // ------------------------------------------------------------------ shape (see ShapeOps)

    /** Swaps the last two axes (the matrix transpose for rank 2). */
    public Tensor transpose() {
        checkArgument(rank() >= 2, "transpose: needs rank >= 2, got %s", describe());
        return transpose(rank() - 2, rank() - 1);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axis1, int axis2) {
        int[] dims = Shapes.allAxes(rank());
        int a = Shapes.axis("transpose", axis1, rank());
        int b = Shapes.axis("transpose", axis2, rank());
        dims[a] = b;
        dims[b] = a;
        return permute(dims);
    }

    /** Reorders the axes: output axis i is input axis {@code dims[i]}. */
    public Tensor permute(int... dims) {
        return new ShapeOps.Permute(dims).apply(this);
    }

    /** The same elements (row-major order) in a new shape; one dimension may be −1 (inferred). */
    public Tensor reshape(long... shape) {
        return new ShapeOps.Reshape(shape).apply(this);
    }

    /** Inserts an axis of size 1 at {@code axis}. */
    public Tensor unsqueeze(int axis) {
        int a = Shapes.axis("unsqueeze", axis, rank() + 1);
        long[] s = new long[rank() + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == a ? 1 : data.size(j++);
        }
        return reshape(s);
    }

    /** Removes the axis {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        int a = Shapes.axis("squeeze", axis, rank());
        checkArgument(data.size(a) == 1, "squeeze: axis %s of %s has size %s, not 1", axis, describe(), data.size(a));
        long[] s = new long[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i != a) {
                s[j++] = data.size(i);
            }
        }
        return reshape(s);
    }

    /** Flattens all axes after the first: {@code [batch, ...] → [batch, features]}. */
    public Tensor flatten() {
        return reshape(data.size(0), -1);
    }

    /** Repeats this tensor along axes of size 1 to {@code shape} (NumPy broadcast_to); the gradient is summed back. */
    public Tensor broadcastTo(long... shape) {
        return new ShapeOps.BroadcastTo(shape).apply(this);
    }

    /** Sums over broadcast axes down to {@code shape}, the reverse of {@link #broadcastTo}. */
    public Tensor sumToShape(long... shape) {
        return new ShapeOps.SumToShape(shape).apply(this);
    }

    /** Elements {@code [start, end)} along {@code axis}. */
    public Tensor slice(int axis, long start, long end) {
        return new ShapeOps.Slice(Shapes.axis("slice", axis, rank()), start, end).apply(this);
    }

    /** Entries {@code index[0], index[1], …} along axis 0 (rows of a batch; repeats allowed): a mini-batch. */
    public Tensor rows(long... index) {
        checkArgument(index.length > 0, "rows: no row indices given (%s)", describe());
        return indexSelect(Tensor.indices(index));
    }

    /** Entries along axis 0 picked by an integer tensor of indices; the gradient is added back to the picked rows. */
    public Tensor indexSelect(Tensor index) {
        return ShapeOps.INDEX_SELECT.apply(this, index);
    }

    /**
     * {@code out[i][j] = this[i][index[i][j]]} for {@code axis = 1} (NumPy take_along_axis,
     * PyTorch gather): {@code index} is an integer tensor of the same rank.
     */
    public Tensor gather(int axis, Tensor index) {
        return new ShapeOps.Gather(Shapes.axis("gather", axis, rank())).apply(this, index);
    }

    /** Joins tensors along an existing axis. */
    public static Tensor concat(int axis, Tensor... tensors) {
        checkArgument(tensors.length > 0, "concat: no tensors");
        return new ShapeOps.Concat(Shapes.axis("concat", axis, tensors[0].rank())).apply(tensors);
    }

    /** Joins tensors of one shape along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        checkArgument(tensors.length > 0, "stack: no tensors");
        int a = Shapes.axis("stack", axis, tensors[0].rank() + 1);
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            checkArgument(Arrays.equals(tensors[i].shape(), tensors[0].shape()),
                    "stack: tensor %s has shape %s, tensor 0 has %s", i, Arrays.toString(tensors[i].shape()),
                    Arrays.toString(tensors[0].shape()));
            expanded[i] = tensors[i].unsqueeze(a);
        }
        return concat(a, expanded);
    }

    // ------------------------------------------------------------------ masks (not differentiable)

    /** 1 where {@code this > c}, else 0, in this tensor's dtype; a constant (no gradient). */
    public Tensor gt(double c) {
        return wrap(ArrayOps.greaterThan(data, c));
    }

    /**
     * 1 where {@code this == y} (broadcasting), else 0; a constant, in this tensor's dtype if floating and the
     * default floating dtype otherwise, so {@code predicted.eq(labels).mean()} is an accuracy.
     */
    public Tensor eq(Tensor y) {
        return wrap(ArrayOps.equalTo(data, y.data));
    }
}
