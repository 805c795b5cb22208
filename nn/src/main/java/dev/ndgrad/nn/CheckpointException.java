package dev.ndgrad.nn;

/**
 * A checkpoint could not be saved or loaded: the file is missing, unreadable, truncated or corrupt, or
 * its names, shapes or dtypes do not fit the model. The message names the file and the problem; when
 * thrown by {@link Module#load} the model is unchanged.
 */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
