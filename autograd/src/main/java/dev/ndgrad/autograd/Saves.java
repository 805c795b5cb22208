package dev.ndgrad.autograd;

/** What an op keeps from its forward for its backward (nothing more, so that memory is freed early). */
enum Saves {
    NOTHING(false, false),
    INPUTS(true, false),
    OUTPUT(false, true),
    INPUTS_AND_OUTPUT(true, true);

    final boolean inputs;
    final boolean output;

    Saves(boolean inputs, boolean output) {
        this.inputs = inputs;
        this.output = output;
    }

    /** Saves as declared: the inputs in order, and asks for the output. */
    void save(Context ctx, Tensor... in) {
        if (inputs) {
            ctx.saveForBackward(in);
        }
        if (output) {
            ctx.saveOutputForBackward();
        }
    }

    Tensor input(Context ctx, int i) {
        return inputs ? ctx.saved(i) : null;
    }

    Tensor output(Context ctx) {
        return output ? ctx.output() : null;
    }
}
