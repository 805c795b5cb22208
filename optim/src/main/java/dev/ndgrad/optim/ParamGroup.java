package dev.ndgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import java.util.Collection;
import java.util.List;

/**
 * A set of parameters that share a learning rate α and a weight decay λ, e.g. a network's body at
 * one rate and a fine-tuned head at another, or weights with decay and biases without.
 *
 * <p>A group made without a rate or decay takes the optimizer's defaults when it is handed to one
 * (until then {@link #lr()} and {@link #weightDecay()} are NaN). The optimizer keeps its own copy of
 * each group; the groups returned by {@link Optimizer#groups()} are live: changing their rate or
 * decay changes the next {@link Optimizer#step()}. The parameter list itself is fixed.
 *
 * <pre>{@code
 * Optimizer o = new SGD(List.of(ParamGroup.of(body), ParamGroup.of(head, 1e-3)), SGD.Config.of(1e-2));
 * }</pre>
 */
public final class ParamGroup {

    private final List<Tensor> params;
    private double lr;
    private double weightDecay;

    private ParamGroup(List<Tensor> params, double lr, double weightDecay) {
        this.params = params;
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** A group that takes the optimizer's learning rate and weight decay. */
    public static ParamGroup of(Collection<Tensor> params) {
        return new ParamGroup(checkParams(params), Double.NaN, Double.NaN);
    }

    /** A group with its own learning rate; the weight decay is the optimizer's. */
    public static ParamGroup of(Collection<Tensor> params, double lr) {
        return new ParamGroup(checkParams(params), Hyperparameters.learningRate("ParamGroup", lr), Double.NaN);
    }

    /** A group with its own learning rate and weight decay. */
    public static ParamGroup of(Collection<Tensor> params, double lr, double weightDecay) {
        return new ParamGroup(checkParams(params), Hyperparameters.learningRate("ParamGroup", lr),
                Hyperparameters.weightDecay("ParamGroup", weightDecay));
    }

    private static List<Tensor> checkParams(Collection<Tensor> params) {
        checkNotNull(params, "ParamGroup: params");
        int i = 0;
        for (Tensor p : params) {
            checkNotNull(p, "ParamGroup: parameter %s is null", i++);
        }
        List<Tensor> copy = List.copyOf(params);
        checkArgument(!copy.isEmpty(), "ParamGroup: a group needs at least one parameter");
        return copy;
    }

    /** This group with unset values filled in from an optimizer's defaults (a new object). */
    ParamGroup withDefaults(String owner, double defaultLr, double defaultWeightDecay) {
        double rate = Double.isNaN(lr) ? defaultLr : lr;
        double decay = Double.isNaN(weightDecay) ? defaultWeightDecay : weightDecay;
        return new ParamGroup(params, Hyperparameters.learningRate(owner, rate),
                Hyperparameters.weightDecay(owner, decay));
    }

    /** The parameters, in the order given (immutable). */
    public List<Tensor> params() {
        return params;
    }

    /** The learning rate α of this group. */
    public double lr() {
        return lr;
    }

    /** Sets this group's learning rate (finite, ≥ 0). */
    public void setLr(double lr) {
        this.lr = Hyperparameters.learningRate("ParamGroup", lr);
    }

    /** The weight decay λ of this group (its meaning, L2 or decoupled, is the optimizer's). */
    public double weightDecay() {
        return weightDecay;
    }

    /** Sets this group's weight decay (finite, ≥ 0). */
    public void setWeightDecay(double weightDecay) {
        this.weightDecay = Hyperparameters.weightDecay("ParamGroup", weightDecay);
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " params, lr=" + lr + ", weightDecay=" + weightDecay + ")";
    }
}
