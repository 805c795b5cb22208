package dev.ndgrad.autograd;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;

/**
 * The outcome of a {@link GradCheck}: the seeds' relative error
 * {@code ‖g_num − g_an‖₂ / (‖g_num‖₂ + ‖g_an‖₂)}, the worst elements, and the elements that sit on a
 * kink (where the one-sided differences disagree, so no derivative exists to compare).
 * {@link #toString()} is the report: it says where a gradient is wrong, not just that it is.
 */
public final class GradCheckResult {

    /** One compared element: which input, where, and the two values. */
    public record Element(int input, String inputName, long[] index, double analytic, double numeric) {
        public double absoluteError() {
            return Math.abs(analytic - numeric);
        }

        @Override
        public String toString() {
            // a directional check compares one number per direction, not an element of an input
            String where = input < 0 ? inputName
                    : "input " + input + (inputName == null ? "" : " '" + inputName + "'") + " " + Arrays.toString(index);
            return String.format("%s: analytic %.10g, numeric %.10g (|diff| %.3g)", where, analytic, numeric,
                    absoluteError());
        }
    }

    private final String title;
    private final boolean passed;
    private final double relativeError;
    private final double threshold;
    private final ImmutableList<Element> worst;
    private final ImmutableList<Element> kinks;
    private final ImmutableList<String> failedElements;
    private final String opChain;
    private final long compared;

    GradCheckResult(String title, boolean passed, double relativeError, double threshold, List<Element> worst,
            List<Element> kinks, List<String> failedElements, String opChain, long compared) {
        this.title = title;
        this.passed = passed;
        this.relativeError = relativeError;
        this.threshold = threshold;
        this.worst = ImmutableList.copyOf(worst);
        this.kinks = ImmutableList.copyOf(kinks);
        this.failedElements = ImmutableList.copyOf(failedElements);
        this.opChain = opChain;
        this.compared = compared;
    }

    /** Whether the relative error is within the threshold and every element within its tolerance. */
    public boolean passed() {
        return passed;
    }

    /** {@code ‖g_num − g_an‖₂ / (‖g_num‖₂ + ‖g_an‖₂)} over every compared element (0 when both are 0). */
    public double relativeError() {
        return relativeError;
    }

    /** The elements with the largest absolute error, worst first. */
    public List<Element> worstElements() {
        return worst;
    }

    /** Elements skipped because the function has a kink there (ReLU at 0, ties of a max). */
    public List<Element> kinks() {
        return kinks;
    }

    /** The ops recorded between the inputs and the output, in the order they ran. */
    public String opChain() {
        return opChain;
    }

    /** The seeds' reading of a relative error: below 1e-7 great, up to 1e-5 fine, above that a bug. */
    public static String verdict(double relativeError) {
        if (relativeError < 1e-7) {
            return "great (< 1e-7)";
        }
        if (relativeError <= 1e-5) {
            return "fine (<= 1e-5), but check the worst elements";
        }
        if (relativeError <= 1e-3) {
            return "suspicious (> 1e-5): probably a bug";
        }
        return "wrong (> 1e-3): a bug";
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(title).append(passed ? ": PASSED" : ": FAILED").append('\n');
        s.append(String.format("  relative error %.3e (threshold %.1e): %s%n", relativeError, threshold,
                verdict(relativeError)));
        s.append("  compared ").append(compared).append(" element(s)");
        if (!kinks.isEmpty()) {
            s.append(", skipped ").append(kinks.size()).append(" on a kink");
        }
        s.append('\n');
        s.append("  op chain: ").append(opChain).append('\n');
        for (String failure : failedElements) {
            s.append("  out of tolerance: ").append(failure).append('\n');
        }
        if (!worst.isEmpty()) {
            s.append("  worst elements:\n");
            for (Element e : worst) {
                s.append("    ").append(e).append('\n');
            }
        }
        for (Element k : kinks.subList(0, Math.min(3, kinks.size()))) {
            s.append("  kink (not compared): ").append(k).append('\n');
        }
        return s.toString();
    }
}
