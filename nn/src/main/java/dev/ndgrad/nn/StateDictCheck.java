package dev.ndgrad.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Compares a state dict with a module's tensors before anything is copied in, collecting every problem. It
 * works on {@link ArraySpec}s (dtype and shape), so a checkpoint can be checked from its headers before its
 * data is read.
 *
 * <p>A value of another dtype of the same kind (floating for floating, integer for integer) is accepted: it
 * is cast on the way in, as PyTorch's {@code load_state_dict} copies with a cast. A floating value for an
 * integer tensor, or the reverse, is a mismatch, as is any difference of shape.
 */
final class StateDictCheck {

    private StateDictCheck() {}

    /**
     * @param strict whether a missing or unexpected name is an error (PyTorch's {@code strict=True}) or only
     *     reported in the result
     * @return the missing and unexpected names (both empty when {@code strict})
     * @throws IllegalArgumentException naming the module and listing every problem — each shape or dtype-kind
     *     mismatch, and when strict the missing and unexpected names — if there is any
     */
    static LoadResult check(String owner, Map<String, Parameter> expected, Map<String, ArraySpec> given,
            boolean strict) {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : expected.entrySet()) {
            ArraySpec value = given.get(e.getKey());
            ArraySpec target = ArraySpec.of(e.getValue().get().data());
            if (value == null) {
                missing.add(e.getKey());
            } else if (!value.sameShape(target.shape()) || !sameKind(value.dtype(), target.dtype())) {
                mismatched.add(String.format("%s: got %s, the model has %s", e.getKey(), value.describe(),
                        target.describe()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!expected.containsKey(name)) {
                unexpected.add(name);
            }
        }
        boolean namesFail = strict && !(missing.isEmpty() && unexpected.isEmpty());
        if (!namesFail && mismatched.isEmpty()) {
            return new LoadResult(missing, unexpected);
        }
        StringBuilder s = new StringBuilder("loadStateDict(" + owner + "): the state does not fit the model, "
                + "nothing was loaded:");
        if (strict && !missing.isEmpty()) {
            s.append("\n  missing: ").append(missing);
        }
        if (strict && !unexpected.isEmpty()) {
            s.append("\n  unexpected: ").append(unexpected);
        }
        for (String m : mismatched) {
            s.append("\n  shape/dtype mismatch ").append(m);
        }
        throw new IllegalArgumentException(s.toString());
    }

    /** Floating with floating, integer with integer: the casts a load makes silently. */
    private static boolean sameKind(DataType a, DataType b) {
        return a.isFPType() ? b.isFPType() : a.isIntType() && b.isIntType();
    }
}
