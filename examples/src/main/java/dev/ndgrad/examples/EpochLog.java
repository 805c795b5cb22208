package dev.ndgrad.examples;

import dev.ndgrad.optim.train.Callback;
import dev.ndgrad.optim.train.EpochRecord;
import dev.ndgrad.optim.train.History;
import java.io.PrintStream;

/**
 * One line per epoch ({@code epoch 7/40  loss 0.1234  acc 97.1%  | dev loss 0.1502  acc 96.4%  lr 0.00200  0.4 s}):
 * what a log shows where a progress bar would be noise, and a record of the run beside the bar in a terminal.
 */
public final class EpochLog implements Callback {

    private final PrintStream out;
    private final int epochs;

    public EpochLog(PrintStream out, int epochs) {
        this.out = out;
        this.epochs = epochs;
    }

    @Override
    public boolean onEpochEnd(EpochRecord r, History history) {
        StringBuilder s = new StringBuilder(String.format("epoch %3d/%d  loss %.4f", r.epoch() + 1, epochs,
                r.trainLoss()));
        if (!Double.isNaN(r.trainMetric())) {
            s.append(String.format("  acc %5.1f%%", 100 * r.trainMetric()));
        }
        if (r.hasDev()) {
            s.append(String.format("  | dev loss %.4f", r.devLoss()));
            if (!Double.isNaN(r.devMetric())) {
                s.append(String.format("  acc %5.1f%%", 100 * r.devMetric()));
            }
        }
        s.append(String.format("  lr %.5f  %.1f s", r.learningRate(), r.seconds()));
        out.println(s);
        return false;
    }
}
