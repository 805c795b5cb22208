package dev.ndgrad.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.optim.GradClip;
import dev.ndgrad.optim.LearningRateSchedule;
import dev.ndgrad.optim.Optimizer;
import java.util.function.Supplier;

/**
 * Training counted in steps rather than epochs, for examples that draw a fresh mini-batch at every step: at step
 * {@code t = 1 … steps} the learning rate is set to {@code schedule(t − 1)}, the loss of a new batch is
 * back-propagated, the gradient's global norm clipped to {@code clip}, and the optimizer steps. Every
 * {@code evalEvery} steps, after the last one, and once before the first (to show where training starts), a
 * {@link Checkpoint} receives the step and the mean training loss since the previous call (NaN before training).
 */
public final class StepwiseTraining {

    /** Called at step 0 and at every evaluation point. */
    @FunctionalInterface
    public interface Checkpoint {
        void at(int step, double meanTrainLoss);
    }

    private StepwiseTraining() {}

    /**
     * Runs the steps.
     *
     * @param loss computes the loss of a fresh mini-batch (recording the graph)
     */
    public static void run(Optimizer optimizer, LearningRateSchedule schedule, double clip, int steps, int evalEvery,
            Supplier<Tensor> loss, Checkpoint checkpoint) {
        checkArgument(steps >= 1 && evalEvery >= 1 && clip > 0, "StepwiseTraining: steps %s and evalEvery %s must be "
                + "at least 1, clip %s positive", steps, evalEvery, clip);
        double running = 0;
        int counted = 0;
        for (int step = 0; step <= steps; step++) {
            if (step > 0) {
                schedule.applyTo(optimizer, step - 1);
                optimizer.zeroGrad();
                Tensor value = loss.get();
                value.backward();
                GradClip.clipGradNorm(optimizer.params(), clip);
                optimizer.step();
                running += value.item();
                counted++;
            }
            if (step % evalEvery == 0 || step == steps) {
                checkpoint.at(step, counted == 0 ? Double.NaN : running / counted);
                running = 0;
                counted = 0;
            }
        }
    }
}
