package dev.ndgrad.examples.attention;

import java.util.Arrays;

/** What the transformer must write at every position of a sequence of digits. */
public enum DigitTask {
    /** The digits in ascending order: position {@code i} holds the {@code i}-th smallest. */
    sort {
        @Override
        int[] target(int[] digits) {
            int[] sorted = digits.clone();
            Arrays.sort(sorted);
            return sorted;
        }
    },
    /** The digits back to front: position {@code i} holds the digit at {@code L − 1 − i}. */
    reverse {
        @Override
        int[] target(int[] digits) {
            int[] reversed = new int[digits.length];
            for (int i = 0; i < digits.length; i++) {
                reversed[i] = digits[digits.length - 1 - i];
            }
            return reversed;
        }
    };

    /** The answer for {@code digits}. */
    abstract int[] target(int[] digits);
}
