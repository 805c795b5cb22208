package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a {@link GradCheck}: its {@link Status}, the seeds' relative error
 * {@code ‖g_num − g_an‖₂ / (‖g_num‖₂ + ‖g_an‖₂)}, the worst elements, and the elements that sit on a
 * kink (where the one-sided differences disagree, so no derivative exists to compare).
 * {@link #toString()} is the report: it says where a gradient is wrong, not just that it is, and why a check
 * that could not compare enough is {@link Status#INCONCLUSIVE}.
 */
public final class GradCheckResult {

    /** The three verdicts of a check. */
    public enum Status {
        /** Enough elements (or directions) were compared, and the gradients agree. */
        PASSED,
        /** A compared element (or direction) disagrees: the gradient is wrong. */
        FAILED,
        /**
         * Nothing can be concluded: too few elements were compared (they sat on kinks), or {@code f} is not
         * deterministic (a dropout or another random op is on), so differences of {@code f} mean nothing.
         */
        INCONCLUSIVE
    }

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

    /**
     * What one check compared: {@code compared} elements or directions ({@code unit}), the relative error over
     * them, the worst of them, those out of tolerance, and those skipped on a kink.
     */
    record Tally(String unit, long compared, double relativeError, List<Element> worst, List<String> failures,
            List<Element> kinks) {}

    private final String title;
    private final Status status;
    private final String reason;
    private final double threshold;
    private final String opChain;
    private final Tally tally;

    private GradCheckResult(String title, Status status, String reason, double threshold, String opChain,
            Tally tally) {
        checkArgument((status == Status.INCONCLUSIVE) == (reason != null), "a reason is given for, and only for, an "
                + "inconclusive check");
        this.title = title;
        this.status = status;
        this.reason = reason;
        this.threshold = threshold;
        this.opChain = opChain;
        this.tally = new Tally(tally.unit(), tally.compared(), tally.compared() == 0 ? Double.NaN
                : tally.relativeError(), ImmutableList.copyOf(tally.worst()), ImmutableList.copyOf(tally.failures()),
                ImmutableList.copyOf(tally.kinks()));
    }

    /**
     * The verdict on what a check compared: FAILED if anything is out of tolerance, else INCONCLUSIVE when
     * {@code tooFewCompared} is not null (it says why too little was compared), else PASSED. A failure found
     * among the compared elements stands even when others could not be compared.
     */
    static GradCheckResult of(String title, double threshold, String opChain, Tally tally, String tooFewCompared) {
        Status status = !tally.failures().isEmpty() ? Status.FAILED
                : tooFewCompared != null ? Status.INCONCLUSIVE : Status.PASSED;
        return new GradCheckResult(title, status, status == Status.INCONCLUSIVE ? tooFewCompared : null, threshold,
                opChain, tally);
    }

    /** A check that compared nothing because of {@code reason} (such as a function that is not deterministic). */
    static GradCheckResult inconclusive(String title, double threshold, String opChain, String unit, String reason) {
        return new GradCheckResult(title, Status.INCONCLUSIVE, reason, threshold, opChain,
                new Tally(unit, 0, Double.NaN, List.of(), List.of(), List.of()));
    }

    /** PASSED, FAILED or INCONCLUSIVE. */
    public Status status() {
        return status;
    }

    /**
     * Whether the check compared enough elements (or directions) and every one agreed: the relative error is
     * within the threshold and every element within its tolerance. False for an {@linkplain #isInconclusive()
     * inconclusive} check: a check that compared nothing has not passed.
     */
    public boolean passed() {
        return status == Status.PASSED;
    }

    /** Whether a compared element (or direction) disagrees: the analytic gradient is wrong. */
    public boolean failed() {
        return status == Status.FAILED;
    }

    /** Whether the check could not conclude; {@link #inconclusiveReason()} says why. */
    public boolean isInconclusive() {
        return status == Status.INCONCLUSIVE;
    }

    /**
     * Why the check is inconclusive ({@code "all 40 elements sit on kinks"}, {@code "f is not deterministic: …"});
     * empty when it passed or failed.
     */
    public Optional<String> inconclusiveReason() {
        return Optional.ofNullable(reason);
    }

    /**
     * {@code ‖g_num − g_an‖₂ / (‖g_num‖₂ + ‖g_an‖₂)} over every compared element (0 when both are 0); in the
     * directional mode the largest relative error of a direction. NaN when nothing was compared.
     */
    public double relativeError() {
        return tally.relativeError();
    }

    /** How many elements (or, in the directional mode, directions) were compared. */
    public long compared() {
        return tally.compared();
    }

    /** The elements with the largest absolute error, worst first. */
    public List<Element> worstElements() {
        return tally.worst();
    }

    /** Elements skipped because the function has a kink there (ReLU at 0, ties of a max). */
    public List<Element> kinks() {
        return tally.kinks();
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
        s.append(title).append(": ").append(status);
        if (reason != null) {
            s.append(": ").append(reason);
        }
        s.append('\n');
        if (tally.compared() == 0) {
            s.append("  relative error: none (nothing compared)\n");
        } else {
            s.append(String.format("  relative error %.3e (threshold %.1e): %s%n", tally.relativeError(), threshold,
                    verdict(tally.relativeError())));
        }
        s.append("  compared ").append(tally.compared()).append(' ').append(tally.unit()).append("(s)");
        if (!tally.kinks().isEmpty()) {
            s.append(", skipped ").append(tally.kinks().size()).append(" on a kink");
        }
        s.append('\n');
        s.append("  op chain: ").append(opChain).append('\n');
        for (String failure : tally.failures()) {
            s.append("  out of tolerance: ").append(failure).append('\n');
        }
        if (!tally.worst().isEmpty()) {
            s.append("  worst elements:\n");
            for (Element e : tally.worst()) {
                s.append("    ").append(e).append('\n');
            }
        }
        for (Element k : tally.kinks().subList(0, Math.min(3, tally.kinks().size()))) {
            s.append("  kink (not compared): ").append(k).append('\n');
        }
        return s.toString();
    }
}
