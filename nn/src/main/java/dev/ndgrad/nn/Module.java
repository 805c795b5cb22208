package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer or a model: a function {@link #forward} of a {@code [batch, features]} tensor, with named
 * parameters, buffers and sub-modules that are <em>registered explicitly</em> in the constructor
 * ({@link #param}, {@link #buffer}, {@link #child}) — no reflection, so names and order are exactly
 * what the code says.
 *
 * <pre>{@code
 * final class Mlp extends Module {
 *     private final Linear fc1 = child("fc1", new Linear(4, 8));
 *     private final Linear fc2 = child("fc2", new Linear(8, 3));
 *     public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 * }
 * new Mlp().namedParameters().keySet();   // [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
 * }</pre>
 *
 * <p>Names follow PyTorch: a module's own parameters first (in registration order), then each child's,
 * depth-first, prefixed with the child's name ({@code "0.weight"}, {@code "fc1.bias"}); the state dict
 * holds, per module, its parameters, then its buffers, then its children's. So a {@code Sequential} of
 * {@code Linear}s has the same names, shapes ({@code weight [out, in]}) and order as its PyTorch twin.
 *
 * <p>A module with several inputs or outputs (attention's query, key and value; a recurrent layer's
 * states) also overrides {@link #forwardAll}, which takes and returns lists, and keeps {@link #forward}
 * for its one-input meaning (self-attention, the output sequence). {@link #call} and {@link #callAll} run
 * the forward and then the {@link #registerForwardHook forward hooks}, as PyTorch's {@code module(x)}
 * does; containers call their children that way, so hooks (and {@link ModelSummary}) see every layer.
 *
 * <p>{@link #parameters()} returns the very tensors forward uses (gradients arrive on them, optimizers
 * update them, {@code GradCheck} perturbs them), and they stay the same objects for the module's life:
 * {@link #to(DataType)} converts them in place and loading copies into them, so an optimizer may be built
 * before either.
 */
public abstract class Module {

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Parameter> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<Object, ForwardHook> forwardHooks = new LinkedHashMap<>();
    private boolean training = true;

    /** The module's function of a batch {@code x}; records the operations for backward. */
    public abstract Tensor forward(Tensor x);

    /**
     * The module's function of several inputs, giving several outputs (PyTorch's tuples). A module of one
     * input and one output need not override it: it takes exactly one input and returns
     * {@code [forward(x)]}. Modules that override it document the order of their inputs and outputs, e.g.
     * {@code [query, key, value] → [output, weights]}.
     *
     * @throws IllegalArgumentException if the number of inputs is not one the module takes
     */
    public List<Tensor> forwardAll(List<Tensor> inputs) {
        checkNotNull(inputs, "%s.forwardAll: inputs are null", className());
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s.forwardAll: takes one input, got %s", className(), inputs.size()));
        }
        return List.of(forward(inputs.get(0)));
    }

    /**
     * {@link #forward} followed by the forward hooks, PyTorch's {@code module(x)}. Containers call their
     * children through this method; a direct {@code forward} call runs no hooks (as in PyTorch).
     */
    public final Tensor call(Tensor x) {
        Tensor y = forward(x);
        runForwardHooks(List.of(x), List.of(y));
        return y;
    }

    /** {@link #forwardAll} followed by the forward hooks. */
    public final List<Tensor> callAll(List<Tensor> inputs) {
        checkNotNull(inputs, "%s.callAll: inputs are null", className());
        List<Tensor> outputs = forwardAll(inputs);
        runForwardHooks(inputs, outputs);
        return outputs;
    }

    /**
     * Registers {@code hook} to run after every {@link #call} or {@link #callAll} of this module (not of its
     * children: register on each, as {@link ModelSummary} does), in registration order. Returns the handle
     * that removes it (also by {@code try}-with-resources).
     */
    public final RemovableHandle registerForwardHook(ForwardHook hook) {
        checkNotNull(hook, "%s.registerForwardHook: hook is null", className());
        Object key = new Object();   // one key per registration: the same hook registered twice is removed once per handle
        forwardHooks.put(key, hook);
        return () -> forwardHooks.remove(key);
    }

    /** Whether a forward hook is registered on this module. */
    final boolean hasForwardHooks() {
        return !forwardHooks.isEmpty();
    }

    /**
     * Runs the forward hooks. For nn's layers that invoke a child through a typed method (attention with a
     * mask) rather than {@link #call}, so that the child's hooks still see the call.
     */
    final void runForwardHooks(List<Tensor> inputs, List<Tensor> outputs) {
        if (forwardHooks.isEmpty()) {
            return;
        }
        List<Tensor> in = List.copyOf(inputs);
        List<Tensor> out = List.copyOf(outputs);
        for (ForwardHook hook : List.copyOf(forwardHooks.values())) {   // a copy: a hook may remove itself
            hook.afterForward(this, in, out);
        }
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers a learnable parameter under {@code name}: marks {@code initial} as requiring grad and
     * names it. Layers keep the returned handle and read {@link Parameter#get()} in forward.
     */
    protected final Parameter param(String name, Tensor initial) {
        if (!(initial.isLeaf() && initial.dtype().isFPType())) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s.param('%s'): a parameter must be a floating-point leaf tensor, got %s", className(), name,
                    initial.describe()));
        }
        Parameter p = new Parameter(checkedName(name), initial.requiresGrad(true).named(name), false);
        parameters.put(name, p);
        return p;
    }

    /** Registers a buffer: state that is saved, loaded and converted with the model but never trained. */
    protected final Parameter buffer(String name, Tensor initial) {
        if (!(initial.isLeaf() && !initial.requiresGrad())) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s.buffer('%s'): a buffer must be a leaf tensor that does not require grad, got %s", className(),
                    name, initial.describe()));
        }
        Parameter b = new Parameter(checkedName(name), initial.named(name), true);
        buffers.put(name, b);
        return b;
    }

    /** Registers a sub-module under {@code name} and returns it (so a field can be initialised in one line). */
    protected final <T extends Module> T child(String name, T module) {
        checkNotNull(module, "%s.child('%s'): module is null", className(), name);
        if (module == this) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s.child('%s'): a module cannot contain itself", className(), name));
        }
        children.put(checkedName(name), module);
        // Qualified names make gradient-check reports and error messages say which layer. A module that is
        // already registered elsewhere (shared weights) keeps the name of its first registration.
        String prefix = name + ".";
        module.forEachHandle(prefix, (qualified, handle) -> {
            if (qualified.substring(prefix.length()).equals(handle.get().name())) {
                handle.get().named(qualified);
            }
        });
        return module;
    }

    private String checkedName(String name) {
        if (!(name != null && !name.isEmpty() && !name.contains("."))) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: invalid name '%s' (non-empty, without '.')", className(), name));
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s: the name '%s' is already registered", className(), name));
        }
        return name;
    }

    // ------------------------------------------------------------------ parameters and state

    /** The learnable tensors, own first (registration order), then each child's, depth-first. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * The learnable tensors by qualified name ({@code "0.weight"}, {@code "fc1.bias"}), in a stable order. A
     * module registered twice (shared weights) is listed once, under its first name, so that an optimizer
     * does not step it twice; {@link #stateDict()} lists every name.
     */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", false, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    /** The buffers (e.g. batch norm's {@code running_mean}, {@code running_var}) by qualified name. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", true, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collect(String prefix, boolean wantBuffers, Map<String, Tensor> out, Set<Tensor> seen) {
        for (Parameter p : (wantBuffers ? buffers : parameters).values()) {
            if (seen.add(p.get())) {
                out.put(prefix + p.name(), p.get());
            }
        }
        children.forEach((name, child) -> child.collect(prefix + name + ".", wantBuffers, out, seen));
    }

    /** Every handle (parameters, then buffers, then children's), in state-dict order. */
    final void forEachHandle(String prefix, BiConsumer<String, Parameter> action) {
        parameters.values().forEach(p -> action.accept(prefix + p.name(), p));
        buffers.values().forEach(b -> action.accept(prefix + b.name(), b));
        children.forEach((name, child) -> child.forEachHandle(prefix + name + ".", action));
    }

    /** The direct sub-modules by name, in registration order. */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** Total number of learnable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /**
     * Copies of every parameter and buffer by qualified name, in PyTorch's {@code state_dict} order
     * (per module: parameters, buffers, then children).
     */
    public Map<String, INDArray> stateDict() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        forEachHandle("", (name, handle) -> state.put(name, handle.get().storage().copyToINDArray()));
        return state;
    }

    /**
     * Copies {@code state} into the parameters and buffers (through {@link Tensor#setData}, so the
     * tensors stay the same objects), strictly: the names must match exactly (none missing, none extra).
     * Everything is validated first, so on any problem this throws {@link IllegalArgumentException} listing
     * every one and the module is left unchanged. See {@link #loadStateDict(Map, boolean)} for the rules on
     * shapes and dtypes.
     */
    public void loadStateDict(Map<String, INDArray> state) {
        loadStateDict(state, true);
    }

    /**
     * Copies {@code state} into the parameters and buffers, as PyTorch's {@code load_state_dict(state, strict)}:
     *
     * <ul>
     *   <li>each array must have its tensor's shape; one of another dtype of the same kind (floating for a
     *       floating tensor, integer for an integer one) is cast to the tensor's dtype on the way in, as PyTorch
     *       copies with a cast (a DOUBLE state loads into a FLOAT model rounded to float);
     *   <li>{@code strict}: a name of the model missing from {@code state}, or a name in {@code state} the model
     *       does not have, is an error; not {@code strict}: the missing tensors keep their values, the unexpected
     *       names are ignored, and both are reported in the result.
     * </ul>
     *
     * Everything is validated before anything is copied: on any problem this throws and the module is unchanged.
     *
     * @return the missing and unexpected names (both empty after a strict load)
     * @throws IllegalArgumentException naming the module and listing every shape or dtype-kind mismatch, and,
     *     when strict, the missing and unexpected names
     */
    public LoadResult loadStateDict(Map<String, INDArray> state, boolean strict) {
        checkNotNull(state, "loadStateDict: state is null");
        Map<String, ArraySpec> specs = new LinkedHashMap<>();
        state.forEach((name, array) -> specs.put(name, ArraySpec.of(
                checkNotNull(array, "loadStateDict(%s): no array for '%s'", className(), name))));
        Map<String, Parameter> handles = handles();
        LoadResult result = StateDictCheck.check(className(), handles, specs, strict);
        copyIn(handles, state);
        return result;
    }

    /**
     * Saves the state dict to {@code path} as a NumPy {@code .npz} ({@code numpy.load(path)} reads it;
     * the keys are the qualified names). Writes a temporary file beside it, forces it to disk, then renames it
     * over {@code path}, so a crash or a kill never leaves a half-written checkpoint: the file is the old one or
     * the new one. The file gets the permissions of any new file (0666 less the umask), or keeps those of the
     * file it replaces. HALF parameters are saved as NumPy {@code float16}; BFLOAT16 ones, which NumPy lacks,
     * as {@code float32}, which holds them exactly (see {@link NpyFormat}).
     *
     * @throws CheckpointException naming the path, if the path names no file (e.g. {@code /}) or a
     *     directory, its directory does not exist, or the file cannot be written
     */
    public void save(Path path) {
        Checkpoints.save(stateDict(), path);
    }

    /**
     * Loads a checkpoint written by {@link #save} (or by {@code numpy.savez} with the same names), strictly:
     * see {@link #load(Path, boolean)}.
     */
    public void load(Path path) {
        load(path, true);
    }

    /**
     * Loads a checkpoint, by the rules of {@link #loadStateDict(Map, boolean)} (a different floating dtype is
     * cast to the model's). The file is checked before anything is copied in: first what its zip directory
     * and {@code .npy} headers declare (sizes that add up, names, shapes and dtypes against this module), so
     * a mismatched or hostile file is refused before its data is even read; then the data (checksums,
     * lengths). A missing, truncated, corrupt or mismatched file throws {@link CheckpointException} and leaves
     * the module unchanged.
     *
     * @return the missing and unexpected names (both empty after a strict load)
     */
    public LoadResult load(Path path, boolean strict) {
        Map<String, Parameter> handles = handles();
        Checkpoints.Loaded loaded = Checkpoints.read(path,
                specs -> StateDictCheck.check(className(), handles, specs, strict));
        copyIn(handles, loaded.arrays());
        return loaded.result();
    }

    private Map<String, Parameter> handles() {
        Map<String, Parameter> handles = new LinkedHashMap<>();
        forEachHandle("", handles::put);
        return handles;
    }

    /** Copies the validated {@code values} into the handles they name; handles without a value keep theirs. */
    private static void copyIn(Map<String, Parameter> handles, Map<String, INDArray> values) {
        handles.forEach((name, handle) -> {
            INDArray value = values.get(name);
            if (value != null) {
                handle.copyFrom(value);
            }
        });
    }

    /**
     * Converts every floating parameter and buffer to {@code dtype} in place and returns this module, like
     * PyTorch's {@code module.to(dtype)}: the tensors stay the same objects ({@link Tensor#castInPlace}), so an
     * optimizer built before keeps updating them. Gradients are dropped; integer buffers (counters) keep their
     * dtype.
     */
    public Module to(DataType dtype) {
        if (!(dtype != null && dtype.isFPType())) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s.to: needs a floating dtype, got %s", className(),
                    dtype));
        }
        forEachHandle("", (name, handle) -> handle.convert(dtype));
        return this;
    }

    // ------------------------------------------------------------------ modes and gradients

    /** Training mode, recursively: dropout drops, batch norm uses batch statistics. Returns this. */
    public Module train() {
        return train(true);
    }

    /** Evaluation mode, recursively: dropout is the identity, batch norm uses its running averages. */
    public Module eval() {
        return train(false);
    }

    /** Sets the mode of this module and all its descendants. */
    public Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** Forgets every parameter's gradient ({@code grad()} is null until the next backward). */
    public void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    // ------------------------------------------------------------------ description

    /** The arguments shown between the parentheses of {@link #toString()}, e.g. {@code in=4, out=3}. */
    protected String extraRepr() {
        return "";
    }

    /**
     * A tree in PyTorch's style, with parameter counts:
     * <pre>
     * Sequential(  # 43 parameters
     *   (0): Linear(in=4, out=5, bias=true)  # 25 parameters
     *   (1): ReLU()
     *   (2): Linear(in=5, out=3, bias=true)  # 18 parameters
     * )</pre>
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        describe(s, "");
        return s.toString();
    }

    private void describe(StringBuilder s, String indent) {
        long count = parameterCount();
        String counted = count == 0 ? "" : String.format("  # %,d parameter%s", count, count == 1 ? "" : "s");
        s.append(className()).append('(').append(extraRepr());
        if (children.isEmpty()) {
            s.append(')').append(counted);
            return;
        }
        s.append(counted);
        for (Map.Entry<String, Module> e : children.entrySet()) {
            s.append('\n').append(indent).append("  (").append(e.getKey()).append("): ");
            e.getValue().describe(s, indent + "  ");
        }
        s.append('\n').append(indent).append(')');
    }

    String className() {
        return getClass().getSimpleName().isEmpty() ? "Module" : getClass().getSimpleName();
    }
}
