package dev.ndgrad.autograd;

/**
 * The error {@linkplain Autograd#detectAnomaly() anomaly mode} raises: an op created a NaN or an infinity from
 * finite values, in its forward result or in a gradient its backward returned. The message names the op, the
 * input whose gradient went bad (in a backward), and the line of the caller's code where the op was applied in the
 * forward pass. An {@link ArithmeticException}, so that code catching those sees it too.
 */
public final class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    AnomalyException(String message) {
        super(message);
    }
}
