package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Module;
import java.util.Arrays;
import java.util.Map;

/**
 * How closely two models of one architecture agree — e.g. one trained by {@link SparkTrainer}, one by
 * {@link dev.ndgrad.optim.train.Trainer} from the same initial weights and batches.
 */
public final class Agreement {

    private Agreement() {}

    /**
     * The largest relative difference of a parameter, {@code max_p ‖a_p − b_p‖₂ / ‖b_p‖₂} over the parameters
     * {@code p} (by name); 0 when every parameter is identical. A parameter of {@code b} that is all zeros counts
     * its absolute difference.
     *
     * @throws IllegalArgumentException if the models' parameter names or shapes differ
     */
    public static double relativeDifference(Module a, Module b) {
        checkNotNull(a, "Agreement: a is null");
        checkNotNull(b, "Agreement: b is null");
        Map<String, Tensor> pa = a.namedParameters();
        Map<String, Tensor> pb = b.namedParameters();
        checkArgument(pa.keySet().equals(pb.keySet()), "Agreement: parameters %s and %s differ", pa.keySet(),
                pb.keySet());
        double worst = 0;
        for (Map.Entry<String, Tensor> e : pb.entrySet()) {
            Tensor x = pa.get(e.getKey());
            checkArgument(Arrays.equals(x.shape(), e.getValue().shape()), "Agreement: %s is %s in one model and %s in "
                    + "the other", e.getKey(), Arrays.toString(x.shape()), Arrays.toString(e.getValue().shape()));
            double[] u = x.toDoubleArray();
            double[] v = e.getValue().toDoubleArray();
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                diff += (u[i] - v[i]) * (u[i] - v[i]);
                norm += v[i] * v[i];
            }
            worst = Math.max(worst, Math.sqrt(norm == 0 ? diff : diff / norm));
        }
        return worst;
    }
}
