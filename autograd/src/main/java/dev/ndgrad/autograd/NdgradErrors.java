package dev.ndgrad.autograd;

import java.util.Arrays;
import java.util.StringJoiner;

/** Turns failures from inside ND4J into errors that name the op and its inputs. */
final class NdgradErrors {

    private NdgradErrors() {}

    static RuntimeException fromBackend(String op, Tensor[] inputs, RuntimeException e) {
        if (!e.getClass().getName().startsWith("org.nd4j") && !isNativeOpFailure(e)) {
            return e;
        }
        return new IllegalStateException(op + " failed inside ND4J on " + describe(inputs) + ": " + e.getMessage(), e);
    }

    private static boolean isNativeOpFailure(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        return e.getClass() == RuntimeException.class && (message.startsWith("Op ") || message.contains("execution failed"));
    }

    static String describe(Tensor[] inputs) {
        StringJoiner joiner = new StringJoiner(", ");
        for (Tensor x : inputs) {
            joiner.add(x.dtype() + Arrays.toString(x.shape()));
        }
        return joiner.toString();
    }
}
