package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.kernel.BinaryFn;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.ScalarFn;
import dev.ndgrad.autograd.kernel.Shapes;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.autograd.kernel.UnaryFn;
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
 * mutations are explicit ({@link #setData}, {@link #updateData}, {@link #updateStorage}); they bump a
 * version counter, so that a backward through a tensor changed after it was saved fails instead of
 * being silently wrong.
 *
 * <p>Binary ops broadcast like NumPy; the gradient is summed back to each input's shape. A
 * {@code double} operand takes this tensor's dtype; two tensors of different floating dtypes are an
 * error (convert with {@link #to(DataType)}). Data is row-major: a batch is {@code [batch, features]}.
 *
 * <p>The values live in a {@link Storage}: on the CPU backend, in a JVM array that ops compute on
 * without calling ND4J (see {@link dev.ndgrad.autograd.kernel.KernelPath}); {@link #data()} hands them
 * over as an INDArray.
 *
 * <p>Threads: tensors are not synchronised, except that gradients from backward passes running on
 * several threads into one leaf add up correctly. Build and run independent graphs per thread; see the
 * README's thread model.
 */
public final class Tensor {

    /** Shared by a tensor and the views of its data, so a change through either is seen by both. */
    static final class Version {
        int value;
        /** Whether a view of the data exists (then no gradient buffer over it may be changed in place). */
        boolean shared;
    }

    private Storage storage;
    private final Node gradFn;
    private final Version version;
    /** Whether the storage was written by the op that made this tensor and is shared with no other tensor. */
    private final boolean fresh;
    private boolean requiresGrad;
    private Node accumulator;
    /** The accumulated gradient and who may reuse it; made when a gradient first arrives or is set. */
    private volatile GradSlot gradSlot;
    /** Whether only the graph refers to this tensor (see {@link #releaseWithGraph()}). */
    private boolean releasesWithGraph;
    private String name;

    private Tensor(Storage storage, Node gradFn, Version version, boolean fresh) {
        this.storage = storage;
        this.gradFn = gradFn;
        this.version = version;
        this.fresh = fresh;
        this.requiresGrad = gradFn != null;
    }

    // ------------------------------------------------------------------ factories

    /** A leaf tensor over {@code data} (not copied). */
    public static Tensor of(INDArray data) {
        return new Tensor(Storage.wrap(checkNotNull(data, "data")), null, new Version(), false);
    }

    /** A leaf tensor over {@code storage} (not copied), e.g. the result of a {@link Kernels} call. */
    public static Tensor of(Storage storage) {
        return new Tensor(checkNotNull(storage, "storage"), null, new Version(), false);
    }

    /** A rank-2 leaf tensor of {@link Nd4j#defaultFloatingPointType()}, one row per array. */
    public static Tensor of(double[][] rows) {
        checkArgument(rows.length > 0, "Tensor.of: no rows");
        int width = rows[0].length;
        double[] flat = new double[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            checkArgument(rows[r].length == width, "Tensor.of: ragged rows (%s and %s elements)", width,
                    rows[r].length);
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return created(Kernels.fromDoubles(Nd4j.defaultFloatingPointType(), flat, rows.length, width));
    }

    /** A rank-1 leaf tensor of {@link Nd4j#defaultFloatingPointType()}. */
    public static Tensor of(double... values) {
        return created(Kernels.fromDoubles(Nd4j.defaultFloatingPointType(), values, values.length));
    }

    /** A rank-0 leaf tensor of {@link Nd4j#defaultFloatingPointType()}. */
    public static Tensor scalar(double value) {
        return scalar(Nd4j.defaultFloatingPointType(), value);
    }

    /** A rank-0 leaf tensor of the given dtype. */
    public static Tensor scalar(DataType dtype, double value) {
        return created(Kernels.fromDoubles(dtype, new double[] {value}));
    }

    /** A rank-1 tensor of class or row indices (dtype LONG), e.g. the targets of a cross-entropy. */
    public static Tensor indices(long... indices) {
        return created(Kernels.fromLongs(indices, indices.length));
    }

    /** Zeros of the default floating dtype. */
    public static Tensor zeros(long... shape) {
        return zeros(Nd4j.defaultFloatingPointType(), shape);
    }

    public static Tensor zeros(DataType dtype, long... shape) {
        checkedLength("zeros", shape);
        return created(Kernels.zeros(dtype, shape));
    }

    /** Ones of the default floating dtype. */
    public static Tensor ones(long... shape) {
        return ones(Nd4j.defaultFloatingPointType(), shape);
    }

    public static Tensor ones(DataType dtype, long... shape) {
        return full(dtype, 1.0, shape);
    }

    /** Every element {@code value}. */
    public static Tensor full(DataType dtype, double value, long... shape) {
        checkedLength("full", shape);
        return created(Kernels.full(dtype, shape, value));
    }

    /** Zeros of {@code like}'s dtype and shape. */
    public static Tensor zerosLike(Tensor like) {
        checkNotNull(like, "zerosLike: tensor is null");
        return zeros(like.dtype(), like.shape());
    }

    /** Ones of {@code like}'s dtype and shape. */
    public static Tensor onesLike(Tensor like) {
        checkNotNull(like, "onesLike: tensor is null");
        return ones(like.dtype(), like.shape());
    }

    /** Standard normal samples of {@code like}'s (floating) dtype and shape, from the calling thread's generator. */
    public static Tensor randnLike(Tensor like) {
        checkNotNull(like, "randnLike: tensor is null");
        if (!like.dtype().isFPType()) {
            throw new IllegalArgumentException(lenientFormat(
                    "randnLike: needs a floating-point tensor, got %s", like.describe()));
        }
        return randn(like.dtype(), like.shape());
    }

    /** {@code [0, 1, …, end − 1]} as LONG (integer arguments give integers, as {@code torch.arange(end)}). */
    public static Tensor arange(long end) {
        return arange(0, end, 1);
    }

    /** {@code start, start + step, …} up to but excluding {@code end} (down to it for a negative step), as LONG. */
    public static Tensor arange(long start, long end, long step) {
        long[] values = Ranges.arange(start, end, step);
        return created(Kernels.fromLongs(values, values.length));
    }

    /**
     * {@code start, start + step, …} up to but excluding {@code end} (down to it for a negative step), of the
     * default floating dtype: {@code ⌈(end − start)/step⌉} elements, as {@code torch.arange}.
     */
    public static Tensor arange(double start, double end, double step) {
        return arange(Nd4j.defaultFloatingPointType(), start, end, step);
    }

    /** As {@link #arange(double, double, double)}, of {@code dtype}. */
    public static Tensor arange(DataType dtype, double start, double end, double step) {
        double[] values = Ranges.arange(start, end, step);
        return created(Kernels.fromDoubles(dtype, values, values.length));
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end}, both included, of the default dtype. */
    public static Tensor linspace(double start, double end, long steps) {
        return linspace(Nd4j.defaultFloatingPointType(), start, end, steps);
    }

    /** As {@link #linspace(double, double, long)}, of {@code dtype} (both ends exact, as {@code torch.linspace}). */
    public static Tensor linspace(DataType dtype, double start, double end, long steps) {
        double[] values = Ranges.linspace(start, end, steps);
        return created(Kernels.fromDoubles(dtype, values, values.length));
    }

    /** The {@code n × n} identity matrix, of the default floating dtype. */
    public static Tensor eye(long n) {
        return eye(Nd4j.defaultFloatingPointType(), n, n);
    }

    /** The {@code rows × cols} matrix with ones on the diagonal, of the default floating dtype. */
    public static Tensor eye(long rows, long cols) {
        return eye(Nd4j.defaultFloatingPointType(), rows, cols);
    }

    /** The {@code rows × cols} matrix with ones on the diagonal, of {@code dtype}. */
    public static Tensor eye(DataType dtype, long rows, long cols) {
        return created(Kernels.fromDoubles(dtype, Ranges.eye(rows, cols), rows, cols));
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
        return created(Kernels.fromDoubles(dtype, values, shape));
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
        return created(Kernels.fromDoubles(dtype, values, shape));
    }

    private static int checkedLength(String op, long[] shape) {
        checkNotNull(shape, "%s: shape is null", op);
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(lenientFormat(
                        "%s: shape %s has a negative dimension", op, Arrays.toString(shape)));
            }
        }
        long n = Shapes.length(shape);
        if (!(n <= Integer.MAX_VALUE - 8)) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: shape %s has %s elements, more than fit in one array", op,
                    Arrays.toString(shape), n));
        }
        return (int) n;
    }

    /** A leaf over storage that a factory has just made (handed to the caller, so not the engine's to change). */
    private static Tensor created(Storage storage) {
        return new Tensor(storage, null, new Version(), false);
    }

    /** A constant (no gradient) over {@code storage}: masks and other values that only scale a gradient. */
    static Tensor constant(Storage storage) {
        return new Tensor(storage, null, new Version(), false);
    }

    /** A tensor the engine made and owns (its storage is new). */
    static Tensor owned(Storage storage) {
        return new Tensor(storage, null, new Version(), true);
    }

    /** The result of an op: recorded ({@code node} non-null) or not. */
    static Tensor fromOp(Storage storage, Node node, Version version, boolean fresh) {
        return new Tensor(storage, node, version, fresh);
    }

    Version versionCounter() {
        return version;
    }

    /** Whether nothing but this tensor refers to its storage (so the engine may add into it in place). */
    boolean isExclusive() {
        return fresh && !version.shared;
    }

    // ------------------------------------------------------------------ state

    /**
     * The values as an INDArray (not a copy: it is the tensor's own memory from now on, so changes made
     * with {@link #setData}/{@link #updateData} are seen through it). Change them only through those
     * methods. On the CPU backend this moves the values from the JVM array they were computed in into
     * ND4J memory once; code that only reads values can use {@link #toDoubleArray()}, {@link #item()}
     * or {@link #storage()} instead.
     */
    public INDArray data() {
        return storage.toINDArray();
    }

    /**
     * The values beneath this tensor, for code that computes with {@link Kernels} (optimizers, fast custom
     * ops). Read it freely; change it only inside {@link #updateStorage}.
     */
    public Storage storage() {
        return storage;
    }

    /**
     * The accumulated gradient ∂L/∂this after {@link #backward()}, or {@code null} if none has arrived; for a
     * tensor produced by an op, only after {@link #retainGrad()}.
     */
    public Tensor grad() {
        GradSlot slot = gradSlot;
        return slot == null ? null : slot.handOut();
    }

    /**
     * The gradient, as {@link #grad()}, for code that reads or changes it in place within one call and keeps no
     * reference to it (an optimizer's step, gradient clipping). Unlike {@code grad()} it does not keep
     * {@link #zeroGrad()} from reusing the gradient's memory for a later backward pass.
     */
    public Tensor gradForUpdate() {
        GradSlot slot = gradSlot;
        return slot == null ? null : slot.peek();
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
        if (requires && !dtype().isFPType()) {
            throw new IllegalArgumentException(lenientFormat(
                    "requiresGrad: only floating-point tensors can require grad, got %s", describe()));
        }
        this.requiresGrad = requires;
        return this;
    }

    /**
     * Registers {@code hook} on the gradient of this tensor, as PyTorch's {@code Tensor.register_hook}: during
     * every backward pass (and {@link Autograd#grad}) that reaches this tensor, the hook is called with the
     * gradient ∂L/∂this, summed over all its uses, before that gradient is accumulated into {@link #grad()} (a
     * leaf) or passed on to the tensors this one came from; a non-null result replaces it (same shape and dtype),
     * {@code null} keeps it. Several hooks run in registration order, each on the previous one's result. With
     * {@code createGraph} the gradient a hook sees is recorded, and so is what the hook computes from it.
     *
     * <pre>{@code
     * try (var clip = h.registerHook(g -> g.clamp(-1, 1))) {
     *     loss.backward();            // everything upstream of h sees the clipped gradient
     * }
     * }</pre>
     *
     * @return the handle that removes this registration
     * @throws IllegalStateException if this tensor does not require grad (no gradient would ever reach it)
     */
    public HookHandle registerHook(java.util.function.UnaryOperator<Tensor> hook) {
        checkNotNull(hook, "registerHook: hook is null");
        if (!requiresGrad) {
            throw new IllegalStateException("registerHook: " + describe() + " does not require grad, so no gradient "
                    + "reaches it (mark a leaf with requiresGrad(true) first)");
        }
        return gradEdge().addHook(hook);
    }

    /**
     * Makes {@link #backward()} fill {@link #grad()} of this non-leaf tensor too, as PyTorch's
     * {@code retain_grad()}: the gradient ∂L/∂this (after its {@link #registerHook hooks}) is accumulated there
     * like a leaf's. {@link Autograd#grad} fills no {@code grad()}. A no-op on a leaf, which keeps its gradient
     * anyway. Fluent.
     *
     * @throws IllegalStateException if this tensor does not require grad
     */
    public Tensor retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("retainGrad: " + describe() + " does not require grad, so no gradient "
                    + "reaches it");
        }
        if (gradFn != null) {
            gradFn.retained = this;
        }
        return this;
    }

    /** Whether {@link #grad()} is filled by backward: a leaf that requires grad, or a tensor that {@link #retainGrad retains} it. */
    public boolean retainsGrad() {
        return gradFn == null ? requiresGrad : gradFn.retained == this;
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

    /**
     * Sets this leaf's gradient (PyTorch's {@code p.grad = g}), e.g. gradients computed elsewhere (summed over
     * workers) for an optimizer to apply; {@code null} forgets it. The next backward adds to it without changing
     * {@code g}'s values (the first addition copies).
     *
     * @throws IllegalArgumentException if {@code g} does not have this tensor's shape and dtype
     */
    public void setGrad(Tensor g) {
        if (g != null) {
            if (!(Arrays.equals(g.shape(), shape()) && g.dtype() == dtype())) {
                throw new IllegalArgumentException(lenientFormat(
                        "setGrad: gradient %s must have the shape and dtype of %s", g.describe(), describe()));
            }
        }
        if (g != null || gradSlot != null) {
            gradSlot().set(g);
        }
    }

    /**
     * Forgets the gradient: {@link #grad()} is {@code null} until the next backward. A gradient the engine
     * computed and nobody was handed ({@link #grad()} was not called since) goes back to the kernels for reuse,
     * so a training loop does not allocate its gradients anew each step.
     */
    public void zeroGrad() {
        GradSlot slot = gradSlot;
        if (slot != null) {
            slot.clear();
        }
    }

    /**
     * Declares that nothing but the autograd graph refers to this tensor, the result of an op: once a backward
     * pass that does not retain the graph has run through every node that saved it, its memory goes back to the
     * kernels for reuse, as PyTorch frees a graph's buffers when the last reference goes. For containers such as
     * {@code Sequential}, whose intermediate results nobody else can reach; reading the tensor after that
     * backward fails. No effect on a leaf or on a tensor that shares its memory with another.
     */
    public void releaseWithGraph() {
        if (gradFn != null && isExclusive()) {
            releasesWithGraph = true;
        }
    }

    /** Whether {@link #releaseWithGraph()} applies (checked again: a view may have been taken since). */
    boolean releasesWithGraph() {
        return releasesWithGraph && !version.shared;
    }

    /** A new leaf over the same data, cut off from the graph (no gradient flows through it). */
    public Tensor detach() {
        version.shared = true;
        return new Tensor(storage, null, version, false);
    }

    /** A new leaf over a copy of the data. */
    public Tensor copy() {
        return created(Kernels.copy(storage));
    }

    /** Copies {@code values} into this tensor's data (same shape and dtype) and bumps its version. */
    public void setData(INDArray values) {
        checkNotNull(values, "setData: values is null");
        if (!(Arrays.equals(values.shape(), shape()) && values.dataType() == dtype())) {
            throw new IllegalArgumentException(lenientFormat(
                    "setData: new values %s%s must have the shape and dtype of %s", values.dataType(),
                    Arrays.toString(values.shape()), describe()));
        }
        Kernels.assign(storage, Storage.wrap(values));
        version.value++;
    }

    /**
     * Converts this leaf's values to {@code dtype} in place, keeping the tensor object (so that modules,
     * optimizers and anything else holding it see the change, as PyTorch's {@code module.to(dtype)} does);
     * the gradient is dropped and the version bumped. A no-op when the dtype is already {@code dtype}.
     * Views taken earlier (a reshape in a forward pass, a {@link #detach()}) keep the old values and dtype,
     * as after PyTorch's {@code p.data = p.data.to(dtype)}; a graph that saved one of them for backward
     * refuses to run it, because the version moved.
     *
     * @throws IllegalStateException on a tensor produced by an op
     * @throws IllegalArgumentException if this tensor requires grad and {@code dtype} is not floating
     */
    public void castInPlace(DataType dtype) {
        checkNotNull(dtype, "castInPlace: dtype is null");
        if (dtype == dtype()) {
            return;
        }
        if (gradFn != null) {
            throw new IllegalStateException("castInPlace: " + describe() + " was produced by an op; only leaves can "
                    + "change dtype in place");
        }
        if (requiresGrad && !dtype.isFPType()) {
            throw new IllegalArgumentException(lenientFormat(
                    "castInPlace: %s requires grad, so its dtype must stay floating (got %s)", describe(), dtype));
        }
        storage = Kernels.cast(storage, dtype);
        GradSlot slot = gradSlot;
        if (slot != null) {
            slot.set(null);
        }
        version.value++;
    }

    /** Changes the data in place with {@code update} (e.g. an optimizer step) and bumps the version. */
    public void updateData(Consumer<INDArray> update) {
        update.accept(data());
        version.value++;
    }

    /**
     * Changes the values in place with {@link Kernels}' {@code *InPlace} calls on {@link #storage()} (e.g. an
     * optimizer step) and bumps the version. Stays on the host path where the values are.
     */
    public void updateStorage(Consumer<Storage> update) {
        update.accept(storage);
        version.value++;
    }

    int version() {
        return version.value;
    }

    public long[] shape() {
        return storage.shape();
    }

    /** Size along {@code axis} (negative counts from the end). */
    public long size(int axis) {
        return storage.size(Shapes.axis("size", axis, rank()));
    }

    public long size() {
        return storage.length();
    }

    public int rank() {
        return storage.rank();
    }

    public DataType dtype() {
        return storage.dtype();
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalArgumentException(lenientFormat(
                    "item: needs a tensor with one element, got %s", describe()));
        }
        return storage.getDouble(0);
    }

    /** The data as a flat row-major {@code double[]} (a copy). */
    public double[] toDoubleArray() {
        return storage.toDoubleArray();
    }

    Node gradEdge() {
        if (gradFn != null) {
            return gradFn;
        }
        synchronized (this) {
            if (accumulator == null) {
                accumulator = Node.accumulatorFor(this);
            }
            return accumulator;
        }
    }

    Node gradFn() {
        return gradFn;
    }

    /** The slot backward accumulates this tensor's gradient in, made on first use. */
    GradSlot gradSlot() {
        GradSlot slot = gradSlot;
        if (slot == null) {
            synchronized (this) {
                slot = gradSlot;
                if (slot == null) {
                    slot = new GradSlot();
                    gradSlot = slot;
                }
            }
        }
        return slot;
    }

    /** Short description for messages: {@code 'w1' FLOAT[3, 4] (from matmul)}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (name != null) {
            s.append('\'').append(name).append("' ");
        }
        s.append(dtype()).append(Arrays.toString(shape()));
        if (gradFn != null) {
            s.append(" (from ").append(gradFn.name()).append(')');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "Tensor(" + describe() + (requiresGrad ? ", requiresGrad" : "") + ")\n" + storage.copyToINDArray();
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
        return ArithmeticOps.ADD_SCALAR.apply(this, c);
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
        return ArithmeticOps.RSUB.apply(this, c);
    }

    /** {@code this · y} elementwise, broadcasting. ∂/∂this = y, ∂/∂y = this. */
    public Tensor mul(Tensor y) {
        return ArithmeticOps.MUL.apply(this, y);
    }

    /** {@code c · this}. */
    public Tensor mul(double c) {
        return ArithmeticOps.MUL_SCALAR.apply(this, c);
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
        return ArithmeticOps.RDIV.apply(this, c);
    }

    /** {@code −this}. */
    public Tensor neg() {
        return mul(-1.0);
    }

    /** {@code thisᵖ}. ∂/∂this = p·thisᵖ⁻¹. */
    public Tensor pow(double p) {
        return ArithmeticOps.POW_SCALAR.apply(this, p);
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
        return ArithmeticOps.Extremum.MAX.apply(this, y);
    }

    /** {@code min(this, y)} elementwise; at ties the gradient is split equally between the two. */
    public Tensor minimum(Tensor y) {
        return ArithmeticOps.Extremum.MIN.apply(this, y);
    }

    /**
     * {@code condition ? a : b} elementwise, broadcasting; {@code condition} is a mask (non-zero = true)
     * and gets no gradient.
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return ArithmeticOps.WHERE.apply(condition, a, b);
    }

    /** {@code condition ? a : b} with a constant {@code b} (in a's dtype); see {@link #where(Tensor, Tensor, Tensor)}. */
    public static Tensor where(Tensor condition, Tensor a, double b) {
        checkNotNull(a, "where: a is null");
        return where(condition, a, scalar(a.dtype(), b));
    }

    /** {@code condition ? a : b} with a constant {@code a} (in b's dtype); see {@link #where(Tensor, Tensor, Tensor)}. */
    public static Tensor where(Tensor condition, double a, Tensor b) {
        checkNotNull(b, "where: b is null");
        return where(condition, scalar(b.dtype(), a), b);
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
        return UnaryOps.LEAKY_RELU.apply(this, slope);
    }

    /** {@code ln(1 + eˣ)}, computed without overflow; d/dx = σ(x). */
    public Tensor softplus() {
        return UnaryOps.SOFTPLUS.apply(this);
    }

    /** {@code sin x}; d/dx = cos x. */
    public Tensor sin() {
        return UnaryOps.SIN.apply(this);
    }

    /** {@code cos x}; d/dx = −sin x. */
    public Tensor cos() {
        return UnaryOps.COS.apply(this);
    }

    /** The error function {@code erf x = (2/√π) ∫₀ˣ e^{−t²} dt}, to double precision; d/dx = (2/√π)·e^{−x²}. */
    public Tensor erf() {
        return UnaryOps.ERF.apply(this);
    }

    /**
     * GELU, exact: {@code x·Φ(x) = ½x(1 + erf(x/√2))} (Hendrycks and Gimpel, 2016; PyTorch's
     * {@code gelu(x, approximate='none')}); d/dx = Φ(x) + x·φ(x), φ the standard normal density.
     */
    public Tensor gelu() {
        return UnaryOps.GELU.apply(this);
    }

    /**
     * GELU's tanh form: {@code ½x(1 + tanh(√(2/π)(x + 0.044715x³)))} (PyTorch's
     * {@code gelu(x, approximate='tanh')}); differentiated exactly, not as the exact GELU.
     */
    public Tensor geluTanh() {
        return UnaryOps.GELU_TANH.apply(this);
    }

    /** SiLU (swish): {@code x·σ(x)}; d/dx = σ(x)(1 + x(1 − σ(x))). */
    public Tensor silu() {
        return UnaryOps.SILU.apply(this);
    }

    /** ELU with α = 1; see {@link #elu(double)}. */
    public Tensor elu() {
        return elu(1.0);
    }

    /**
     * ELU (Clevert et al., 2015): {@code x} for x &gt; 0, {@code α(eˣ − 1)} otherwise; d/dx = 1 for x &gt; 0,
     * α·eˣ otherwise (α at the kink x = 0, as PyTorch).
     */
    public Tensor elu(double alpha) {
        return UnaryOps.ELU.apply(this, alpha);
    }

    /** A differentiable change of dtype (the gradient is cast back); to an integer type, a constant. */
    public Tensor to(DataType dtype) {
        if (dtype == dtype()) {
            return this;
        }
        return dtype.isFPType() ? new UnaryOps.Cast(dtype).apply(this) : constant(Kernels.cast(storage, dtype));
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

    /** Mean of all elements, as a rank-0 tensor (NaN for an empty tensor). */
    public Tensor mean() {
        return sum().mul(1.0 / size());       // the mean of no elements is NaN, as in NumPy
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
            n *= storage.size(axis);
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

    /** Largest element, as a rank-0 tensor (an error for an empty tensor, as in NumPy and PyTorch). */
    public Tensor max() {
        Checks.nonEmpty("max", this);
        return reshape(size()).max(0, false);
    }

    /** Smallest element along {@code axis}; ties split the gradient equally. */
    public Tensor min(int axis, boolean keepDims) {
        Checks.nonEmptyAxis("min", this, Shapes.axis("min", axis, rank()));
        return neg().max(axis, keepDims).neg();
    }

    /** The Euclidean norm {@code ‖x‖₂ = √Σx²} of all elements, as a rank-0 tensor; see {@link #norm(double)}. */
    public Tensor norm() {
        return norm(2);
    }

    /**
     * The vector p-norm of all elements, as a rank-0 tensor, for p = 1 ({@code Σ|x|}), 2 ({@code √Σx²}) or
     * {@link Double#POSITIVE_INFINITY} ({@code max|x|}), with PyTorch's gradients where the norm has none: 0 at
     * x = 0 for p = 1 and 2 (for p = 2: {@code ∂‖x‖/∂x = x/‖x‖}, and 0 rather than NaN at the origin), and for
     * p = ∞ the gradient split equally between the elements of largest magnitude, as {@link #max(int, boolean)}
     * splits ties.
     *
     * @throws IllegalArgumentException for another p
     */
    public Tensor norm(double p) {
        return ReductionOps.norm(this, p, Shapes.allAxes(rank()), false);
    }

    /** The p-norm along {@code axis} (p = 1, 2 or ∞; see {@link #norm(double)}). */
    public Tensor norm(double p, int axis, boolean keepDims) {
        return ReductionOps.norm(this, p, new int[] {Shapes.axis("norm", axis, rank())}, keepDims);
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

    /**
     * Binary cross-entropy of these probabilities at {@code target} (one shape), averaged over all elements, as
     * one fused op; inside the logs each probability is clamped to {@code [eps, 1]}:
     * <pre>L = −(1/n) Σ [t·ln c(a) + (1 − t)·ln c(1 − a)],   ∂L/∂a = (1/n)(−t/a + (1 − t)/(1 − a)) inside the clamp</pre>
     */
    public Tensor binaryCrossEntropy(Tensor target, double eps) {
        return new LossOps.BinaryCrossEntropy(true, eps).apply(this, checkNotNull(target, "binaryCrossEntropy: target"));
    }

    /** As {@link #binaryCrossEntropy(Tensor, double)}, summed instead of averaged. */
    public Tensor binaryCrossEntropySum(Tensor target, double eps) {
        return new LossOps.BinaryCrossEntropy(false, eps).apply(this,
                checkNotNull(target, "binaryCrossEntropySum: target"));
    }

    /** Index of the largest element along {@code axis} (dtype LONG, not differentiable). */
    public Tensor argmax(int axis) {
        int a = Shapes.axis("argmax", axis, rank());
        Checks.nonEmptyAxis("argmax", this, a);
        return constant(Kernels.argmax(storage, a));
    }

    // ------------------------------------------------------------------ linear algebra (see LinalgOps)

    /**
     * Matrix product {@code this · y}: {@code [n, k]·[k, m] → [n, m]}, batched over leading
     * dimensions ({@code [b, n, k]·[b, k, m]} or {@code [b, n, k]·[k, m]}, broadcasting as NumPy).
     * ∂/∂this = g·yᵀ, ∂/∂y = thisᵀ·g. A 1-D operand is a vector, as NumPy's {@code matmul}:
     * {@code [k]·[k] → []} (the dot product), {@code [k]·[k, m] → [m]}, {@code [n, k]·[k] → [n]},
     * {@code [b, n, k]·[k] → [b, n]}.
     */
    public Tensor matmul(Tensor y) {
        checkNotNull(y, "matmul: the other operand is null");
        return LinalgOps.matmul(this, y);
    }

    /**
     * {@code this·Wᵀ + b} for {@code this [..., in]}, {@code weight [out, in]}, {@code bias [out]} (PyTorch's
     * {@code F.linear}), as one fused op: ∂this = g·W, ∂W = gᵀ·this, ∂b = Σ g over the leading axes. Without a
     * bias ({@code null}) it is {@code this.matmul(weight, false, true)}.
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        checkNotNull(weight, "linear: weight is null");
        if (rank() == 1) {
            return unsqueeze(0).linear(weight, bias).squeeze(0);
        }
        return bias == null ? matmul(weight, false, true) : LinalgOps.LINEAR_OP.apply(this, weight, bias);
    }

    /** {@code op(this)·op(y)} with each operand optionally transposed, without materialising a transpose. */
    public Tensor matmul(Tensor y, boolean transposeThis, boolean transposeY) {
        return LinalgOps.MatMul.of(transposeThis, transposeY).apply(this, y);
    }

    // ------------------------------------------------------------------ sliding windows (see PatchOps)

    /**
     * im2col, PyTorch's {@code torch.nn.functional.unfold}: the windows {@code window} of this
     * {@code [N, C, H, W]} tensor, as {@code [N, C·K, L]} ({@code K = kh·kw} elements per window, {@code L}
     * windows): entry {@code [n, c·K + ki·kw + kj, oy·outW + ox]} is
     * {@code x[n, c, oy·sh − ph + ki·dh, ox·sw − pw + kj·dw]}, or 0 on the padding. A convolution is then one
     * matrix product, {@code weight.reshape(O, C·K).matmul(x.unfold(w))}. Linear; its adjoint is {@link #fold}.
     *
     * @throws IllegalArgumentException if this is not a floating {@code [N, C, H, W]} tensor, or no window fits
     */
    public Tensor unfold(Window2d window) {
        checkNotNull(window, "unfold: window is null");
        return new PatchOps.Unfold(window).apply(this);
    }

    /**
     * col2im, PyTorch's {@code torch.nn.functional.fold}: the adjoint of {@link #unfold}, from columns
     * {@code [N, C·K, L]} back to an image {@code [N, C, height, width]}, the entries of overlapping windows summed.
     * (So {@code fold(unfold(x))} multiplies each pixel by the number of windows covering it.)
     *
     * @throws IllegalArgumentException if this is not {@code [N, C·K, L]} for the windows over {@code height × width}
     */
    public Tensor fold(long height, long width, Window2d window) {
        checkNotNull(window, "fold: window is null");
        return new PatchOps.Fold(window, height, width).apply(this);
    }

    /**
     * Max pooling, PyTorch's {@code torch.nn.functional.max_pool2d}: the largest element of each window of this
     * {@code [N, C, H, W]} tensor, {@code [N, C, outH, outW]}, the padding counting as −∞ (at most half the kernel,
     * so every window reaches into the image). The gradient goes to the maximum; at ties to the first in the
     * window's row-major order, as PyTorch (not split, as {@link #max(int, boolean)} splits it); a NaN counts as the
     * maximum.
     *
     * @throws IllegalArgumentException if this is not a floating {@code [N, C, H, W]} tensor, no window fits, or
     *     the padding is more than half the kernel
     */
    public Tensor maxPool2d(Window2d window) {
        checkNotNull(window, "maxPool2d: window is null");
        return new PatchOps.MaxPool(window).apply(this);
    }

    // ------------------------------------------------------------------ shape (see ShapeOps)

    /** Swaps the last two axes (the matrix transpose for rank 2). */
    public Tensor transpose() {
        if (rank() < 2) {
            throw new IllegalArgumentException(lenientFormat(
                    "transpose: needs rank >= 2, got %s", describe()));
        }
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
            s[i] = i == a ? 1 : storage.size(j++);
        }
        return reshape(s);
    }

    /** Removes the axis {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        int a = Shapes.axis("squeeze", axis, rank());
        if (storage.size(a) != 1) {
            throw new IllegalArgumentException(lenientFormat(
                    "squeeze: axis %s of %s has size %s, not 1", axis, describe(), storage.size(a)));
        }
        long[] s = new long[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i != a) {
                s[j++] = storage.size(i);
            }
        }
        return reshape(s);
    }

    /** Flattens all axes after the first: {@code [batch, ...] → [batch, features]} (also for an empty batch). */
    public Tensor flatten() {
        if (rank() == 0) {
            return reshape(1, 1);
        }
        long features = 1;                   // not −1: the features of an empty batch [0, 4, 5] are still 20
        for (int i = 1; i < rank(); i++) {
            features *= storage.size(i);
        }
        return reshape(storage.size(0), features);
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

    /**
     * Indexing as {@code x[i, j, …]} in PyTorch: {@code index[0]} along axis 0, then {@code index[1]} along the next
     * axis, and so on, each dropping its axis. As many indices as axes give a rank-0 tensor (an element); fewer give
     * the slice that remains ({@code x.get(i)} of a matrix is its row {@code i}). A negative index counts from the
     * end. Differentiable: the gradient goes back to the picked elements.
     *
     * @throws IllegalArgumentException if there are more indices than axes
     * @throws IndexOutOfBoundsException if an index is outside its axis
     */
    public Tensor get(long... index) {
        checkNotNull(index, "get: index is null");
        if (index.length > rank()) {
            throw new IllegalArgumentException(lenientFormat(
                    "get: %s indices for %s (at most one per axis)", index.length,
                    describe()));
        }
        Tensor t = this;
        for (long i : index) {
            t = t.select("get", 0, i);
        }
        return t;
    }

    /**
     * The slice at {@code index} along {@code axis}, with that axis dropped ({@code torch.select}; a negative
     * index counts from the end): {@code x.select(1, t)} of {@code [batch, seq, features]} is step {@code t},
     * {@code [batch, features]}. Differentiable.
     *
     * @throws IndexOutOfBoundsException if the index is outside the axis
     */
    public Tensor select(int axis, long index) {
        return select("select", Shapes.axis("select", axis, rank()), index);
    }

    private Tensor select(String op, int axis, long index) {
        long n = storage.size(axis);
        long i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException(String.format("%s: index %d is out of range for axis %d of %s (size %d)",
                    op, index, axis, describe(), n));
        }
        return slice(axis, i, i + 1).squeeze(axis);
    }

    /** Entries {@code index[0], index[1], …} along axis 0 (rows of a batch; repeats allowed): a mini-batch. */
    public Tensor rows(long... index) {
        if (index.length <= 0) {
            throw new IllegalArgumentException(lenientFormat(
                    "rows: no row indices given (%s)", describe()));
        }
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
            if (!(Arrays.equals(tensors[i].shape(), tensors[0].shape()))) {
                throw new IllegalArgumentException(lenientFormat(
                        "stack: tensor %s has shape %s, tensor 0 has %s", i, Arrays.toString(tensors[i].shape()),
                        Arrays.toString(tensors[0].shape())));
            }
            expanded[i] = tensors[i].unsqueeze(a);
        }
        return concat(a, expanded);
    }

    // ------------------------------------------------------------------ masks (not differentiable)

    /** 1 where {@code this > c}, else 0, in this tensor's dtype (the default floating dtype for integers); a constant. */
    public Tensor gt(double c) {
        return compare(ScalarFn.GT, c);
    }

    /** 1 where {@code this ≥ c}, else 0; a constant mask like {@link #gt(double)}. */
    public Tensor ge(double c) {
        return compare(ScalarFn.GE, c);
    }

    /** 1 where {@code this < c}, else 0; a constant mask like {@link #gt(double)}. */
    public Tensor lt(double c) {
        return compare(ScalarFn.LT, c);
    }

    /** 1 where {@code this ≤ c}, else 0; a constant mask like {@link #gt(double)}. */
    public Tensor le(double c) {
        return compare(ScalarFn.LE, c);
    }

    /** 1 where {@code this == c}, else 0; a constant mask like {@link #gt(double)}. */
    public Tensor eq(double c) {
        return compare(ScalarFn.EQ, c);
    }

    /** 1 where {@code this ≠ c}, else 0; a constant mask like {@link #gt(double)}. */
    public Tensor ne(double c) {
        return compare(ScalarFn.NE, c);
    }

    /**
     * 1 where {@code this == y} (broadcasting), else 0; a constant, in this tensor's dtype if floating and the
     * default floating dtype otherwise, so {@code predicted.eq(labels).mean()} is an accuracy.
     */
    public Tensor eq(Tensor y) {
        return compare(BinaryFn.EQ, y);
    }

    /** 1 where {@code this ≠ y} (broadcasting), else 0; a constant mask like {@link #eq(Tensor)}. */
    public Tensor ne(Tensor y) {
        return compare(BinaryFn.NE, y);
    }

    /** 1 where {@code this > y} (broadcasting), else 0; a constant mask like {@link #eq(Tensor)}. */
    public Tensor gt(Tensor y) {
        return compare(BinaryFn.GT, y);
    }

    /** 1 where {@code this ≥ y} (broadcasting), else 0; a constant mask like {@link #eq(Tensor)}. */
    public Tensor ge(Tensor y) {
        return compare(BinaryFn.GE, y);
    }

    /** 1 where {@code this < y} (broadcasting), else 0; a constant mask like {@link #eq(Tensor)}. */
    public Tensor lt(Tensor y) {
        return compare(BinaryFn.LT, y);
    }

    /** 1 where {@code this ≤ y} (broadcasting), else 0; a constant mask like {@link #eq(Tensor)}. */
    public Tensor le(Tensor y) {
        return compare(BinaryFn.LE, y);
    }

    /** −1, 0 or 1 elementwise (0 at 0); a constant (its derivative is 0 wherever it exists). */
    public Tensor sign() {
        if (!dtype().isFPType()) {
            throw new IllegalArgumentException(lenientFormat(
                    "sign: %s must be a floating-point tensor", describe()));
        }
        return constant(Kernels.unary(UnaryFn.SIGN, storage));
    }

    private Tensor compare(ScalarFn f, double c) {
        return constant(Kernels.scalar(f, storage, c));
    }

    private Tensor compare(BinaryFn f, Tensor y) {
        checkNotNull(y, "%s: the other tensor is null", f.name().toLowerCase());
        Shapes.broadcast(f.name().toLowerCase(), shape(), y.shape());
        Storage other = y.storage;
        if (y.dtype() != dtype()) {
            if (!dtype().isNumerical() || !y.dtype().isNumerical()) {
                throw new IllegalArgumentException(f.name().toLowerCase() + ": cannot compare " + describe() + " with "
                        + y.describe());
            }
            other = Kernels.cast(other, dtype());
        }
        return constant(Kernels.binary(f, storage, other));
    }
}
