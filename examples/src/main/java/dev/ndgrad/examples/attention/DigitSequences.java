package dev.ndgrad.examples.attention;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random sequences of {@code length} digits (each uniform in 0–9) with the {@link DigitTask}'s answers: a fixed
 * held-out set, and training batches drawn afresh at every step that never contain a held-out sequence, so the
 * held-out accuracy measures what the model does with sequences it has never seen.
 */
final class DigitSequences {

    static final int DIGITS = 10;

    /** Inputs and targets, {@code [batch, length]} integer tensors, and the inputs as rows of digits. */
    record Batch(Tensor inputs, Tensor targets, List<int[]> digits) {
        int size() {
            return digits.size();
        }
    }

    private final DigitTask task;
    private final int length;
    private final Random random;
    private final Batch heldOut;
    private final Set<String> heldOutKeys = new HashSet<>();

    DigitSequences(DigitTask task, int length, int heldOutSize, long seed) {
        checkArgument(length >= 2 && length <= 18, "DigitSequences: length %s must be in [2, 18]", length);
        checkArgument(heldOutSize >= 1 && heldOutSize <= Math.pow(DIGITS, length) / 2,
                "DigitSequences: %s held-out sequences of length %s leave too few for training", heldOutSize, length);
        this.task = task;
        this.length = length;
        Random heldOutRandom = new Random(seed);
        int[][] rows = new int[heldOutSize][];
        for (int i = 0; i < heldOutSize; i++) {
            int[] digits;
            do {
                digits = draw(heldOutRandom);
            } while (!heldOutKeys.add(key(digits)));
            rows[i] = digits;
        }
        this.heldOut = batch(rows);
        this.random = new Random(seed + 1);
    }

    /** The held-out sequences (the same every time). */
    Batch heldOut() {
        return heldOut;
    }

    /** {@code size} fresh training sequences, none of them held out. */
    Batch next(int size) {
        int[][] rows = new int[size][];
        for (int i = 0; i < size; i++) {
            int[] digits;
            do {
                digits = draw(random);
            } while (heldOutKeys.contains(key(digits)));
            rows[i] = digits;
        }
        return batch(rows);
    }

    int length() {
        return length;
    }

    DigitTask task() {
        return task;
    }

    private int[] draw(Random r) {
        int[] digits = new int[length];
        for (int i = 0; i < length; i++) {
            digits[i] = r.nextInt(DIGITS);
        }
        return digits;
    }

    private Batch batch(int[][] rows) {
        long[] inputs = new long[rows.length * length];
        long[] targets = new long[inputs.length];
        for (int b = 0; b < rows.length; b++) {
            int[] answer = task.target(rows[b]);
            for (int i = 0; i < length; i++) {
                inputs[b * length + i] = rows[b][i];
                targets[b * length + i] = answer[i];
            }
        }
        return new Batch(Tensor.indices(inputs).reshape(rows.length, length),
                Tensor.indices(targets).reshape(rows.length, length), List.of(rows));
    }

    private static String key(int[] digits) {
        StringBuilder s = new StringBuilder(digits.length);
        for (int d : digits) {
            s.append((char) ('0' + d));
        }
        return s.toString();
    }
}
