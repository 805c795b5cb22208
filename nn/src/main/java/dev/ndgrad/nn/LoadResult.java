package dev.ndgrad.nn;

import java.util.List;

/**
 * What a non-strict load ({@link Module#loadStateDict(java.util.Map, boolean)}, {@link Module#load(java.nio.file.Path,
 * boolean)}) left out, as PyTorch's {@code load_state_dict(strict=False)} reports it ({@code missing_keys},
 * {@code unexpected_keys}).
 *
 * @param missingKeys the model's parameters and buffers the state had no value for (left as they were), in the
 *     model's state-dict order
 * @param unexpectedKeys the names in the state that the model does not have (ignored), in the state's order
 */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {

    public LoadResult {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
    }

    /** Whether every key matched: nothing missing, nothing unexpected. */
    public boolean isComplete() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
    }
}
