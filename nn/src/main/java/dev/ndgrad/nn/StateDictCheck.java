package dev.ndgrad.nn;

import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Compares a state dict with a module's tensors before anything is copied in, collecting every problem. */
final class StateDictCheck {

    private StateDictCheck() {}

    /**
     * @throws IllegalArgumentException naming the module and listing the missing and unexpected names and
     *     every shape or dtype mismatch, if there is any
     */
    static void validate(String owner, Map<String, Parameter> expected, Map<String, INDArray> given) {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : expected.entrySet()) {
            INDArray value = given.get(e.getKey());
            Tensor target = e.getValue().get();
            if (value == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(value.shape(), target.shape()) || value.dataType() != target.dtype()) {
                mismatched.add(String.format("%s: got %s%s, the model has %s%s", e.getKey(), value.dataType(),
                        Arrays.toString(value.shape()), target.dtype(), Arrays.toString(target.shape())));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!expected.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty()) {
            return;
        }
        StringBuilder s = new StringBuilder("loadStateDict(" + owner + "): the state does not fit the model, "
                + "nothing was loaded:");
        if (!missing.isEmpty()) {
            s.append("\n  missing: ").append(missing);
        }
        if (!unexpected.isEmpty()) {
            s.append("\n  unexpected: ").append(unexpected);
        }
        for (String m : mismatched) {
            s.append("\n  shape/dtype mismatch ").append(m);
        }
        throw new IllegalArgumentException(s.toString());
    }
}
