package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weighted sums of named arrays, {@code Σ_p w_p·a_p} and {@code Σ_p w_p} per name, for averaging what the
 * partitions hold after a step: a model's buffers (batch norm's running statistics) or the state of their
 * optimizers. A name some partitions lack (an optimizer that never updated a parameter keeps no state for it) is
 * averaged over those that have it.
 */
final class WeightedArrays implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, FlatArray> sums = new LinkedHashMap<>();
    private final LinkedHashMap<String, Double> weights = new LinkedHashMap<>();

    /** {@code weight · a} for each array {@code a} (copies). */
    static WeightedArrays of(Map<String, FlatArray> arrays, double weight) {
        WeightedArrays w = new WeightedArrays();
        arrays.forEach((name, a) -> {
            double[] scaled = a.values().clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= weight;
            }
            w.sums.put(name, new FlatArray(a.shape(), a.dtype(), scaled));
            w.weights.put(name, weight);
        });
        return w;
    }

    /** Adds {@code other}'s sums and weights into this one; returns this. */
    WeightedArrays add(WeightedArrays other) {
        other.sums.forEach((name, a) -> {
            FlatArray mine = sums.get(name);
            if (mine == null) {
                sums.put(name, new FlatArray(a.shape(), a.dtype(), a.values().clone()));
                weights.put(name, other.weights.get(name));
                return;
            }
            checkArgument(mine.sameKind(a), "ndgrad-spark: '%s' is %s in one partition and %s in another", name,
                    mine, a);
            double[] into = mine.values();
            double[] from = a.values();
            for (int i = 0; i < into.length; i++) {
                into[i] += from[i];
            }
            weights.merge(name, other.weights.get(name), Double::sum);
        });
        return this;
    }

    /** {@code Σ w_p·a_p / Σ w_p} for each name, in the order the names were first seen. */
    Map<String, FlatArray> averages() {
        Map<String, FlatArray> out = new LinkedHashMap<>();
        sums.forEach((name, a) -> {
            double w = weights.get(name);
            double[] mean = a.values().clone();
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= w;
            }
            out.put(name, new FlatArray(a.shape(), a.dtype(), mean));
        });
        return out;
    }

    boolean isEmpty() {
        return sums.isEmpty();
    }
}
