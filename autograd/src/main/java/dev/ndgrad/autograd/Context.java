package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Strings.lenientFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What one application of a {@link Function} keeps between its forward and its backward: the
 * tensors saved for backward (checked against in-place changes), the output if asked for, and which
 * inputs need a gradient.
 *
 * <p>Saved tensors are released after backward unless the graph is retained; reading them after
 * that is an error that says so, rather than a wrong gradient.
 */
public final class Context {

    private final Function function;
    private final long[][] inputShapes;
    private final DataType[] inputDtypes;
    private final boolean[] needsInputGrad;
    private final boolean recording;
    private Tensor[] saved = NONE;
    private int[] savedVersions;
    private boolean wantsOutput;
    private Tensor output;
    private int outputVersion;
    private boolean released;
    private boolean outputNonDifferentiable;

    private static final Tensor[] NONE = new Tensor[0];

    Context(Function function, Tensor[] inputs, boolean recording) {
        this.function = function;
        this.recording = recording;
        this.inputShapes = new long[inputs.length][];
        this.inputDtypes = new DataType[inputs.length];
        this.needsInputGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputShapes[i] = inputs[i].shape();
            inputDtypes[i] = inputs[i].dtype();
            needsInputGrad[i] = recording && inputs[i].requiresGrad();
        }
    }

    /**
     * Keeps tensors for backward. Call from {@code forward}; read them back with {@link #saved()}.
     * Saving is free when the graph is not being recorded (nothing is kept).
     */
    public void saveForBackward(Tensor... tensors) {
        if (!recording) {
            return;
        }
        saved = tensors.clone();
        savedVersions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            savedVersions[i] = tensors[i] == null ? 0 : tensors[i].version();
        }
    }

    /** Asks for the forward's output to be available in backward as {@link #output()}. */
    public void saveOutputForBackward() {
        wantsOutput = true;
    }

    /** The tensors passed to {@link #saveForBackward}, in order. */
    public List<Tensor> saved() {
        checkUsable();
        for (int i = 0; i < saved.length; i++) {
            if (saved[i] != null && saved[i].version() != savedVersions[i]) {
                throw modifiedInPlace("saved tensor " + i + " " + saved[i].describe(), savedVersions[i], saved[i].version());
            }
        }
        return Collections.unmodifiableList(Arrays.asList(saved));
    }

    /** Saved tensor {@code i}; see {@link #saved()}. */
    public Tensor saved(int i) {
        checkUsable();   // before the index check: a released context has no saved tensors left to index
        checkElementIndex(i, saved.length, "saved tensor index");
        return saved().get(i);
    }

    /** The forward's output, when {@link #saveOutputForBackward()} was called in forward. */
    public Tensor output() {
        checkUsable();
        if (!wantsOutput) {
            throw new IllegalStateException(lenientFormat(
                    "%s: backward reads output(), but forward did not call saveOutputForBackward()",
                    function.name()));
        }
        if (output.version() != outputVersion) {
            throw modifiedInPlace("its output " + output.describe(), outputVersion, output.version());
        }
        return output;
    }

    /** Whether input {@code i} needs a gradient; backward may return {@code null} for the others. */
    public boolean needsInputGrad(int i) {
        return needsInputGrad[i];
    }

    /** The shape input {@code i} had in forward. */
    public long[] inputShape(int i) {
        return inputShapes[i].clone();
    }

    /** The dtype input {@code i} had in forward. */
    public DataType inputDtype(int i) {
        return inputDtypes[i];
    }

    /** How many inputs the forward had. */
    public int inputCount() {
        return inputShapes.length;
    }

    /**
     * Declares the output a constant: it will not require grad and backward is never called for it (as
     * PyTorch's {@code ctx.mark_non_differentiable}); for outputs such as indices or masks. Integer and
     * boolean outputs are constants anyway.
     */
    public void markOutputNonDifferentiable() {
        outputNonDifferentiable = true;
    }

    boolean outputNonDifferentiable() {
        return outputNonDifferentiable;
    }

    boolean wantsOutput() {
        return wantsOutput;
    }

    void setOutput(Tensor y) {
        output = y;
        outputVersion = y.version();
    }

    /** The saved tensors, without the checks of {@link #saved()} (for the engine's own bookkeeping). */
    Tensor[] savedUnchecked() {
        return saved;
    }

    /** The output if backward may read it, else {@code null}, without the checks of {@link #output()}. */
    Tensor outputUnchecked() {
        return wantsOutput ? output : null;
    }

    long[] inputShapeUnsafe(int i) {
        return inputShapes[i];
    }

    /** Drops the saved tensors: after this, backward through this context is an error. */
    void release() {
        saved = NONE;
        savedVersions = null;
        output = null;
        released = true;
    }

    private void checkUsable() {
        if (released) {
            throw new IllegalStateException(String.format(
                    "%s: trying to backward through the graph a second time: its saved tensors were freed after the "
                            + "first backward. Pass retainGraph=true to the first backward (or to Autograd.grad) "
                            + "if you need to walk the graph more than once.", function.name()));
        }
    }

    private IllegalStateException modifiedInPlace(String what, int savedVersion, int nowVersion) {
        return new IllegalStateException(String.format(
                "%s: %s was modified in place after it was saved for backward (version %d, now %d); "
                        + "the gradient would be wrong. Change a copy instead, or compute the loss again after "
                        + "the change.", function.name(), what, savedVersion, nowVersion));
    }
}
