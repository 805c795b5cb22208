package dev.ndgrad.examples;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The checks of a command's option values, run before the command does any work. Each failure is a usage error
 * (exit code 2) whose one-line message names the option, what it must be and the value given:
 * {@code --keep-prob must be in (0, 1], got 1.5}.
 */
public final class OptionCheck {

    private final CommandSpec spec;

    OptionCheck(CommandSpec spec) {
        this.spec = spec;
    }

    /** A count of at least {@code min}. */
    public OptionCheck atLeast(String option, long value, long min) {
        return require(value >= min, option + " must be at least " + min + ", got " + value);
    }

    /** A count of at least 1 (epochs, a batch size, a patience). */
    public OptionCheck atLeastOne(String option, long value) {
        return atLeast(option, value, 1);
    }

    /** A non-empty list of counts, each at least 1 (layer widths). */
    public OptionCheck eachAtLeastOne(String option, List<Integer> values) {
        require(values != null && !values.isEmpty(), option + " needs at least one value");
        for (int value : values) {
            require(value >= 1, option + ": every value must be at least 1, got " + value);
        }
        return this;
    }

    /** A finite number above 0 (a learning rate). */
    public OptionCheck positive(String option, double value) {
        return require(value > 0 && Double.isFinite(value), option + " must be a finite number > 0, got "
                + format(value));
    }

    /** A finite number of at least 0 (a penalty strength, a decay). */
    public OptionCheck nonNegative(String option, double value) {
        return require(value >= 0 && Double.isFinite(value), option + " must be a finite number >= 0, got "
                + format(value));
    }

    /** A number in {@code range} (a probability, a rate); NaN never is. */
    public OptionCheck within(String option, double value, Range<Double> range) {
        return require(!Double.isNaN(value) && range.contains(value), option + " must be in " + format(range)
                + ", got " + format(value));
    }

    /** A usage error with {@code message} unless {@code ok}: for checks the methods above do not cover. */
    public OptionCheck require(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
        return this;
    }

    /** {@code (0, 1]}, {@code [0, 1)}: the interval as mathematics writes it. */
    static String format(Range<Double> range) {
        return (range.hasLowerBound() && range.lowerBoundType() == BoundType.CLOSED ? "[" : "(")
                + (range.hasLowerBound() ? format(range.lowerEndpoint()) : "-inf") + ", "
                + (range.hasUpperBound() ? format(range.upperEndpoint()) : "inf")
                + (range.hasUpperBound() && range.upperBoundType() == BoundType.CLOSED ? "]" : ")");
    }

    /** 1 for 1.0, 0.5 for 0.5: a value as the user would have typed it. */
    static String format(double value) {
        return value == Math.rint(value) && Double.isFinite(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value);
    }
}
