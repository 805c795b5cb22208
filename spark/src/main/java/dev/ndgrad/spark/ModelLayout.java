package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Module;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The names, shapes and dtypes of a model's parameters and buffers: what a replica built by a {@link ModelFactory}
 * must match for the driver's flat vectors to fit it. Parameters share one floating dtype, the model's.
 */
final class ModelLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, String> parameters;
    private final LinkedHashMap<String, String> buffers;
    private final DataType dtype;
    private final int parameterCount;

    private ModelLayout(LinkedHashMap<String, String> parameters, LinkedHashMap<String, String> buffers,
            DataType dtype, int parameterCount) {
        this.parameters = parameters;
        this.buffers = buffers;
        this.dtype = dtype;
        this.parameterCount = parameterCount;
    }

    /**
     * The layout of {@code model}.
     *
     * @throws IllegalArgumentException if it has no parameters, or parameters of different dtypes
     */
    static ModelLayout of(Module model) {
        Map<String, Tensor> params = model.namedParameters();
        checkArgument(!params.isEmpty(), "SparkTrainer: the model %s has no parameters to train",
                model.getClass().getSimpleName());
        DataType dtype = params.values().iterator().next().dtype();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            checkArgument(e.getValue().dtype() == dtype, "SparkTrainer: parameter %s is %s but %s is %s; the "
                    + "parameters must share one dtype (Module.to)", e.getKey(), e.getValue().dtype(),
                    params.keySet().iterator().next(), dtype);
        }
        PrimitiveVector.width(dtype);
        return new ModelLayout(describe(params), describe(model.namedBuffers()), dtype,
                FlatTensors.totalLength(new ArrayList<>(params.values())));
    }

    private static LinkedHashMap<String, String> describe(Map<String, Tensor> tensors) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, t.dtype() + Arrays.toString(t.shape())));
        return out;
    }

    DataType dtype() {
        return dtype;
    }

    /** The number of parameter values {@code P}. */
    int parameterCount() {
        return parameterCount;
    }

    boolean hasBuffers() {
        return !buffers.isEmpty();
    }

    /**
     * Checks that {@code replica} (already in the driver's dtype) has exactly these parameters and buffers.
     *
     * @throws IllegalArgumentException listing every difference
     */
    void check(Module replica) {
        List<String> problems = new ArrayList<>();
        compare("parameter", parameters, describe(replica.namedParameters()), problems);
        compare("buffer", buffers, describe(replica.namedBuffers()), problems);
        checkArgument(problems.isEmpty(), "SparkTrainer: the model factory builds %s, which differs from the "
                + "driver's model: %s", replica.getClass().getSimpleName(), String.join("; ", problems));
    }

    private static void compare(String what, Map<String, String> expected, Map<String, String> actual,
            List<String> problems) {
        expected.forEach((name, kind) -> {
            String other = actual.get(name);
            if (other == null) {
                problems.add(what + " " + name + " " + kind + " is missing");
            } else if (!other.equals(kind)) {
                problems.add(what + " " + name + " is " + other + ", expected " + kind);
            }
        });
        actual.keySet().stream().filter(name -> !expected.containsKey(name))
                .forEach(name -> problems.add("extra " + what + " " + name + " " + actual.get(name)));
        if (problems.isEmpty() && !new ArrayList<>(expected.keySet()).equals(new ArrayList<>(actual.keySet()))) {
            problems.add(what + "s in another order: " + actual.keySet() + ", expected " + expected.keySet());
        }
    }
}
