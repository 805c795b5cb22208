package dev.ndgrad.nn.data;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which spellings of a number a {@link CsvReader} accepts in a cell. The default, {@link #FINITE_DECIMAL}, is
 * strict on purpose: one {@code NaN} or {@code Infinity} in a column turns its mean and standard deviation, and
 * so every standardised value of it, into NaN, and spellings such as {@code 0x1p1} or {@code 2d} (Java's
 * hexadecimal and type suffixes, which {@link Double#parseDouble} accepts) are usually a sign of a broken file.
 */
public enum NumberSyntax {

    /**
     * Finite decimal numbers only: an optional sign, digits with an optional point, an optional exponent
     * ({@code 3}, {@code -0.5}, {@code .5}, {@code 1e-3}, {@code 2.5E+10}), within the range of a double.
     */
    FINITE_DECIMAL,

    /**
     * Decimal numbers, and NaN and infinities as NumPy, pandas and Java write them: {@code nan}, {@code NaN},
     * {@code inf}, {@code -inf}, {@code Infinity}, {@code -Infinity} (any case).
     */
    DECIMAL_OR_NON_FINITE,

    /** Whatever {@link Double#parseDouble} accepts, hexadecimal ({@code 0x1p1}) and suffixes ({@code 2d}) included. */
    JAVA;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(?:nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /**
     * The value of {@code cell} (already stripped of surrounding blanks).
     *
     * @throws NumberFormatException whose message says why the cell is refused and, where another syntax would
     *     accept it, which
     */
    double parse(String cell) {
        if (this == JAVA) {
            try {
                return Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new NumberFormatException("is not a number");
            }
        }
        if (DECIMAL.matcher(cell).matches()) {
            double value = Double.parseDouble(cell);
            if (Double.isInfinite(value) && this == FINITE_DECIMAL) {
                throw new NumberFormatException("is beyond the range of a double (±" + Double.MAX_VALUE + ")");
            }
            return value;
        }
        if (NON_FINITE.matcher(cell).matches()) {
            if (this == FINITE_DECIMAL) {
                throw new NumberFormatException("is not a finite number (NaN and infinities are refused: they make "
                        + "a standardised column all NaN; accept them with numbers(NumberSyntax."
                        + DECIMAL_OR_NON_FINITE + "))");
            }
            String lower = cell.toLowerCase(Locale.ROOT);
            return lower.contains("nan") ? Double.NaN
                    : lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        String hint = JAVA.accepts(cell) ? " (Java's hexadecimal and d/f suffixes are read with numbers(NumberSyntax."
                + JAVA + "))" : "";
        throw new NumberFormatException("is not a decimal number" + hint);
    }

    private boolean accepts(String cell) {
        try {
            parse(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
