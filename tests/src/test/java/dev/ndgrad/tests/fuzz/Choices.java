package dev.ndgrad.tests.fuzz;

import java.util.List;

/**
 * The integers a recipe step holds for its op's planner, read in order: each choice among {@code n} options is the
 * next integer modulo {@code n} (0 once they run out). Shrinking the integers towards 0 shrinks every choice
 * towards its first option, which planners make the plainest one.
 */
final class Choices {

    private final List<Integer> values;
    private int next;

    Choices(List<Integer> values) {
        this.values = values;
    }

    /** A choice in {@code [0, n)} (0 when {@code n ≤ 1}). */
    int next(int n) {
        int v = next < values.size() ? values.get(next) : 0;
        next++;
        return n <= 1 ? 0 : Math.floorMod(v, n);
    }

    /** One of {@code options}. */
    @SafeVarargs
    final <T> T of(T... options) {
        return options[next(options.length)];
    }

    /** True one time in {@code n} (false when shrunk). */
    boolean oneIn(int n) {
        return next(n) == n - 1;
    }
}
