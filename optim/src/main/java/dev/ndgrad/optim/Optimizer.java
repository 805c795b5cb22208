package dev.ndgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient-based updates of a model's parameters, organised in {@link ParamGroup}s that each have a
 * learning rate α and a weight decay λ.
 *
 * <pre>{@code
 * Optimizer o = new Adam(model.parameters(), 1e-3);
 * for (...) {
 *     o.zeroGrad();
 *     loss(model, batch).backward();
 *     o.step();
 * }
 * }</pre>
 *
 * <p>{@link #step()} runs with recording off and changes each parameter's data in place (through
 * {@link Tensor#updateData}, which bumps its version), so it creates no graph nodes and the
 * parameters stay leaves. A parameter whose gradient is {@code null} (not reached by the last
 * backward) is skipped and its state is left as it was. Gradients are read, never changed.
 *
 * <p>Per-parameter state (the step count t and moment buffers) is created lazily at a parameter's
 * first update; it follows its parameter's dtype (a parameter that {@code Module.to} converted in place keeps
 * its state, cast at its next update). {@link #stateDict()} copies it out, with each group's rate and decay;
 * {@link #loadStateDict} validates a dictionary completely before applying any of it, so that a
 * training run resumed from it continues bit for bit.
 *
 * <p>Subclasses name their buffers and implement {@link #update}, the arithmetic of one parameter.
 */
public abstract class Optimizer {

    private static final String GROUP = "group";
    private static final String STATE = "state";
    private static final String LR = "lr";
    private static final String WEIGHT_DECAY = "weight_decay";
    private static final String STEP = "step";

    private final String name;
    private final List<ParamGroup> groups;
    private final List<Tensor> params;
    private final ParamGroup[] groupOfParam;
    private final List<String> bufferNames;
    private final ParamState[] states;

    /**
     * @param name the optimizer's name in messages
     * @param groups the parameter groups; unset rates and decays take the defaults
     * @param bufferNames the names of the per-parameter buffers {@link #update} gets, in order
     * @throws IllegalArgumentException if there are no parameters, a parameter is not a leaf that
     *     requires grad, or one appears twice
     */
    protected Optimizer(String name, Collection<ParamGroup> groups, double defaultLr, double defaultWeightDecay,
            List<String> bufferNames) {
        this.name = checkNotNull(name, "name");
        checkNotNull(groups, "%s: groups", name);
        checkArgument(!groups.isEmpty(), "%s: no parameter groups given: an optimizer needs parameters", name);
        Hyperparameters.learningRate(name, defaultLr);
        Hyperparameters.weightDecay(name, defaultWeightDecay);
        List<ParamGroup> adopted = new ArrayList<>(groups.size());
        List<Tensor> flat = new ArrayList<>();
        List<ParamGroup> owners = new ArrayList<>();
        Map<Tensor, String> seen = new IdentityHashMap<>();
        int g = 0;
        for (ParamGroup group : groups) {
            checkNotNull(group, "%s: group %s is null", name, g);
            ParamGroup own = group.withDefaults(name, defaultLr, defaultWeightDecay);
            for (int i = 0; i < own.params().size(); i++) {
                Tensor p = own.params().get(i);
                String where = "parameter " + i + " of group " + g + " (" + p.describe() + ")";
                if (!p.isLeaf()) {
                    throw new IllegalArgumentException(lenientFormat(
                            "%s: %s is not a leaf but the result of %s; optimizers update leaves "
                            + "(use detach().requiresGrad(true) for a new one)", name, where, p.producer()));
                }
                checkArgument(p.requiresGrad(), "%s: %s does not require grad, so it would never get a gradient; "
                        + "call requiresGrad(true) on it or leave it out", name, where);
                String before = seen.put(p, where);
                checkArgument(before == null, "%s: %s is the same tensor as %s; each parameter may appear once",
                        name, where, before);
                flat.add(p);
                owners.add(own);
            }
            adopted.add(own);
            g++;
        }
        this.groups = List.copyOf(adopted);
        this.params = List.copyOf(flat);
        this.groupOfParam = owners.toArray(new ParamGroup[0]);
        this.bufferNames = List.copyOf(bufferNames);
        this.states = new ParamState[flat.size()];
    }

    /** Groups made of one list of parameters, for the {@code (params, lr)} constructors. */
    protected static List<ParamGroup> singleGroup(Collection<Tensor> params) {
        checkNotNull(params, "params");
        return List.of(ParamGroup.of(params));
    }

    /**
     * Changes {@code param} in place by one step of this optimizer (called with recording off).
     *
     * @param group the parameter's group, for its rate α and decay λ
     * @param param the parameter's values, to update in place
     * @param grad its gradient (read only; same shape and dtype; keep no reference to it: after {@code zeroGrad()}
     *     its memory serves the next backward pass)
     * @param state its state; {@link ParamState#step()} is already t for this update (1 at the first)
     */
    protected abstract void update(ParamGroup group, Storage param, Storage grad, ParamState state);

    /** Updates every parameter that has a gradient, in place and without recording. */
    public final void step() {
        try (var scope = Autograd.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = p.gradForUpdate();
                if (g == null) {
                    continue;
                }
                if (!(Arrays.equals(g.shape(), p.shape()) && g.dtype() == p.dtype())) {
                    throw new IllegalArgumentException(lenientFormat(
                            "%s.step: parameter %s %s has a gradient of %s; expected its shape and dtype", name, i,
                            p.describe(), g.describe()));
                }
                ParamState state = stateOf(i, p);
                ParamGroup group = groupOfParam[i];
                state.advance();
                p.updateStorage(values -> update(group, values, g.storage(), state));
            }
        }
    }

    private ParamState stateOf(int i, Tensor p) {
        if (states[i] == null) {
            Storage[] buffers = new Storage[bufferNames.size()];
            for (int b = 0; b < buffers.length; b++) {
                buffers[b] = Kernels.zeros(p.dtype(), p.shape());
            }
            states[i] = new ParamState(0, buffers);
        }
        states[i] = states[i].withDtype(p.dtype());
        return states[i];
    }

    /** Forgets every parameter's gradient ({@link Tensor#zeroGrad()}: {@code grad()} becomes {@code null}). */
    public void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    /** The learning rate of the first group (of every group after {@link #setLearningRate}). */
    public double learningRate() {
        return groups.get(0).lr();
    }

    /** Sets every group's learning rate, e.g. from a {@link LearningRateSchedule}. */
    public void setLearningRate(double lr) {
        Hyperparameters.learningRate(name, lr);
        for (ParamGroup group : groups) {
            group.setLr(lr);
        }
    }

    /** The groups, live: a change to a group's rate or decay applies from the next step. */
    public List<ParamGroup> groups() {
        return groups;
    }

    /** Every parameter, group by group; a parameter's position here is its index in {@link #stateDict()}. */
    public List<Tensor> params() {
        return params;
    }

    /** The names of the per-parameter buffers, e.g. {@code [exp_avg, exp_avg_sq]} for Adam. */
    public List<String> bufferNames() {
        return bufferNames;
    }

    /** The optimizer's name, as used in messages. */
    public String name() {
        return name;
    }

    /**
     * A copy of everything a resumed run needs to continue exactly:
     * {@code group.<g>.lr} and {@code group.<g>.weight_decay} (DOUBLE scalars) for each group, and for
     * each parameter {@code i} that has been updated, {@code state.<i>.step} (a LONG scalar) and
     * {@code state.<i>.<buffer>} for each of {@link #bufferNames()}.
     */
    public Map<String, INDArray> stateDict() {
        Map<String, INDArray> dict = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            dict.put(GROUP + "." + g + "." + LR, Nd4j.scalar(DataType.DOUBLE, groups.get(g).lr()));
            dict.put(GROUP + "." + g + "." + WEIGHT_DECAY, Nd4j.scalar(DataType.DOUBLE, groups.get(g).weightDecay()));
        }
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null) {
                dict.put(STATE + "." + i + "." + STEP, Nd4j.scalar(DataType.LONG, states[i].step()));
                for (int b = 0; b < bufferNames.size(); b++) {
                    dict.put(STATE + "." + i + "." + bufferNames.get(b), states[i].buffer(b).copyToINDArray());
                }
            }
        }
        return dict;
    }

    /**
     * Replaces the groups' rates and decays and every parameter's state with copies of those in
     * {@code dict} (as made by {@link #stateDict()} of an optimizer of the same kind over parameters of
     * the same shapes). A parameter with no entries starts afresh.
     *
     * @throws IllegalArgumentException naming the key, if a key is unknown or missing, an index is
     *     out of range, a value is invalid, or a buffer's shape or dtype differs from its parameter's;
     *     nothing is changed then
     */
    public void loadStateDict(Map<String, INDArray> dict) {
        checkNotNull(dict, "%s.loadStateDict: dict", name);
        double[][] groupValues = new double[groups.size()][];
        LoadedState[] loaded = new LoadedState[states.length];
        for (Map.Entry<String, INDArray> e : dict.entrySet()) {
            String key = checkNotNull(e.getKey(), "%s.loadStateDict: null key", name);
            INDArray value = e.getValue();
            checkArgument(value != null, "%s.loadStateDict: %s has no value", name, key);
            String[] parts = key.split("\\.", -1);
            if (!(parts.length == 3 && (parts[0].equals(GROUP) || parts[0].equals(STATE)))) {
                throw new IllegalArgumentException(lenientFormat(
                        "%s.loadStateDict: unknown key '%s'; expected group.<g>.{lr,weight_decay} or "
                        + "state.<i>.{step,%s}", name, key, String.join(",", bufferNames)));
            }
            if (parts[0].equals(GROUP)) {
                int g = index(key, parts[1], groups.size(), "group");
                if (groupValues[g] == null) {
                    groupValues[g] = new double[] {Double.NaN, Double.NaN};
                }
                double v = scalar(key, value);
                if (parts[2].equals(LR)) {
                    groupValues[g][0] = Hyperparameters.learningRate(name + ".loadStateDict: " + key, v);
                } else {
                    checkArgument(parts[2].equals(WEIGHT_DECAY), "%s.loadStateDict: unknown key '%s'", name, key);
                    groupValues[g][1] = Hyperparameters.weightDecay(name + ".loadStateDict: " + key, v);
                }
            } else {
                int i = index(key, parts[1], params.size(), "parameter");
                if (loaded[i] == null) {
                    loaded[i] = new LoadedState(bufferNames.size());
                }
                if (parts[2].equals(STEP)) {
                    if (value.dataType().isFPType()) {
                        throw new IllegalArgumentException(lenientFormat(
                                "%s.loadStateDict: %s must be an integer, got %s",
                                name, key, value.dataType()));
                    }
                    double step = scalar(key, value);
                    checkArgument(step >= 0, "%s.loadStateDict: %s must be >= 0, got %s", name, key, step);
                    loaded[i].step = (long) step;
                } else {
                    int b = bufferNames.indexOf(parts[2]);
                    checkArgument(b >= 0, "%s.loadStateDict: unknown key '%s': %s keeps the buffers %s", name, key,
                            name, bufferNames);
                    Tensor p = params.get(i);
                    if (!(Arrays.equals(value.shape(), p.shape()) && value.dataType() == p.dtype())) {
                        throw new IllegalArgumentException(lenientFormat(
                                "%s.loadStateDict: %s is %s%s but parameter %s is %s", name, key, value.dataType(),
                                Arrays.toString(value.shape()), i, params.get(i).describe()));
                    }
                    loaded[i].buffers[b] = value;
                }
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            checkArgument(groupValues[g] != null && !Double.isNaN(groupValues[g][0]),
                    "%s.loadStateDict: missing key 'group.%s.lr'", name, g);
            checkArgument(!Double.isNaN(groupValues[g][1]), "%s.loadStateDict: missing key 'group.%s.weight_decay'",
                    name, g);
        }
        for (int i = 0; i < loaded.length; i++) {
            if (loaded[i] != null) {
                checkArgument(loaded[i].step >= 0, "%s.loadStateDict: missing key 'state.%s.step'", name, i);
                TreeSet<String> missing = new TreeSet<>();
                for (int b = 0; b < bufferNames.size(); b++) {
                    if (loaded[i].buffers[b] == null) {
                        missing.add(STATE + "." + i + "." + bufferNames.get(b));
                    }
                }
                checkArgument(missing.isEmpty(), "%s.loadStateDict: missing keys %s", name, missing);
            }
        }
        // Everything checked: apply, copying so that later steps never write into the caller's arrays.
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).setLr(groupValues[g][0]);
            groups.get(g).setWeightDecay(groupValues[g][1]);
        }
        for (int i = 0; i < states.length; i++) {
            states[i] = loaded[i] == null ? null : loaded[i].toState();
        }
    }

    /** A parameter's entries while a dictionary is being checked. */
    private static final class LoadedState {
        long step = -1;
        final INDArray[] buffers;

        LoadedState(int bufferCount) {
            buffers = new INDArray[bufferCount];
        }

        ParamState toState() {
            Storage[] copies = new Storage[buffers.length];
            for (int b = 0; b < copies.length; b++) {
                copies[b] = Kernels.copy(Storage.wrap(buffers[b]));
            }
            return new ParamState(step, copies);
        }
    }

    private int index(String key, String text, int size, String what) {
        int i;
        try {
            i = Integer.parseInt(text);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + ".loadStateDict: malformed key '" + key + "'", ex);
        }
        checkArgument(i >= 0 && i < size, "%s.loadStateDict: %s refers to %s %s, but this optimizer has %s", name,
                key, what, i, size);
        return i;
    }

    private double scalar(String key, INDArray value) {
        if (value.length() != 1) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s.loadStateDict: %s must hold one value, got shape %s", name, key,
                    Arrays.toString(value.shape())));
        }
        return value.getDouble(0);
    }

    @Override
    public String toString() {
        return name + "(" + params.size() + " params in " + groups.size() + " group(s), lr=" + learningRate() + ")";
    }
}
