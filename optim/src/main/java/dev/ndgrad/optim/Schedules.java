package dev.ndgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Learning-rate decay: start with a large α₀ and shrink it as training settles, so the iterates
 * stop wandering around the minimum. The seeds' formulas, exponential and step decay, and cosine
 * annealing with a linear warm-up.
 *
 * <p>Epochs are counted as in the seeds, from 1; the seeds' table for α₀ = 0.2 and decay rate 1
 * gives 0.1, 0.067, 0.05, 0.04 at epochs 1 to 4 ({@link #inverseTimeDecay}).
 */
public final class Schedules {

    private Schedules() {}

    /** A constant rate α₀. */
    public static LearningRateSchedule constant(double a0) {
        double base = rate("constant", a0);
        return new Named(epoch -> base, false, "constant(" + base + ")");
    }

    /** {@code α = α₀ / (1 + decay·epoch)}, the seeds' first formula. */
    public static LearningRateSchedule inverseTimeDecay(double a0, double decay) {
        double base = rate("inverseTimeDecay", a0);
        checkArgument(decay >= 0 && Double.isFinite(decay), "inverseTimeDecay: decay must be finite and >= 0, got %s",
                decay);
        return new Named(epoch -> base / (1 + decay * epoch("inverseTimeDecay", epoch, 0)), false,
                "inverseTimeDecay(a0=" + base + ", decay=" + decay + ")");
    }

    /** {@code α = k/√epoch · α₀} (epoch ≥ 1). */
    public static LearningRateSchedule inverseSqrtEpoch(double a0, double k) {
        double base = rate("inverseSqrtEpoch", a0);
        Hyperparameters.positive("inverseSqrtEpoch", "k", k);
        return new Named(epoch -> k / Math.sqrt(epoch("inverseSqrtEpoch", epoch, 1)) * base, false,
                "inverseSqrtEpoch(a0=" + base + ", k=" + k + ")");
    }

    /** {@code α = k/√t · α₀}, t the mini-batch step (t ≥ 1): a {@link LearningRateSchedule#perStep()} schedule. */
    public static LearningRateSchedule inverseSqrtStep(double a0, double k) {
        double base = rate("inverseSqrtStep", a0);
        Hyperparameters.positive("inverseSqrtStep", "k", k);
        return new Named(t -> k / Math.sqrt(epoch("inverseSqrtStep", t, 1)) * base, true,
                "inverseSqrtStep(a0=" + base + ", k=" + k + ")");
    }

    /** {@code α = base^epoch · α₀}, the seeds' exponential decay with base 0.95 (0 &lt; base ≤ 1). */
    public static LearningRateSchedule exponential(double a0, double base) {
        double start = rate("exponential", a0);
        checkArgument(base > 0 && base <= 1, "exponential: base must be in (0, 1], got %s", base);
        return new Named(epoch -> Math.pow(base, epoch("exponential", epoch, 0)) * start, false,
                "exponential(a0=" + start + ", base=" + base + ")");
    }

    /**
     * Step decay, the seeds' "discrete staircase": {@code α = α₀·γ^⌊epoch / every⌋}, i.e. the rate is
     * multiplied by γ every {@code every} epochs.
     */
    public static LearningRateSchedule step(double a0, double gamma, int every) {
        double base = rate("step", a0);
        checkArgument(gamma > 0 && gamma <= 1, "step: gamma must be in (0, 1], got %s", gamma);
        checkArgument(every >= 1, "step: every must be >= 1 epoch, got %s", every);
        return new Named(epoch -> base * Math.pow(gamma, epoch("step", epoch, 0) / every), false,
                "step(a0=" + base + ", gamma=" + gamma + ", every=" + every + ")");
    }

    /**
     * Linear warm-up, then cosine annealing to {@code minLr}:
     *
     * <pre>
     * t &lt; warmup:           α = α₀·(t + 1)/warmup
     * warmup ≤ t ≤ total:   α = minLr + (α₀ − minLr)·(1 + cos(π·(t − warmup)/(total − warmup)))/2
     * t &gt; total:            α = minLr
     * </pre>
     *
     * t counts from 0 here (the rate reaches α₀ at the last warm-up step and again at t = warmup, where
     * the cosine starts); use it per epoch, or mark it {@link #perStep} for per-step use.
     */
    public static LearningRateSchedule cosineWithWarmup(double a0, int warmup, int total, double minLr) {
        double base = rate("cosineWithWarmup", a0);
        checkArgument(warmup >= 0, "cosineWithWarmup: warmup must be >= 0, got %s", warmup);
        checkArgument(total > warmup, "cosineWithWarmup: total (%s) must exceed warmup (%s)", total, warmup);
        checkArgument(minLr >= 0 && minLr <= base, "cosineWithWarmup: minLr must be in [0, a0=%s], got %s", base,
                minLr);
        return new Named(t -> {
            int now = epoch("cosineWithWarmup", t, 0);
            if (now < warmup) {
                return base * (now + 1) / warmup;
            }
            if (now >= total) {
                return minLr;
            }
            double progress = (double) (now - warmup) / (total - warmup);
            return minLr + (base - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
        }, false, "cosineWithWarmup(a0=" + base + ", warmup=" + warmup + ", total=" + total + ", minLr=" + minLr + ")");
    }

    /** The same schedule, its argument counting optimizer steps (for a training loop to call every step). */
    public static LearningRateSchedule perStep(LearningRateSchedule schedule) {
        return new Named(schedule::rate, true, schedule + " per step");
    }

    private static double rate(String owner, double a0) {
        return Hyperparameters.learningRate(owner, a0);
    }

    private static int epoch(String owner, int epoch, int first) {
        checkArgument(epoch >= first, "%s: epoch must be >= %s, got %s", owner, first, epoch);
        return epoch;
    }

    /** A schedule with a readable {@code toString} (it shows up in training logs). */
    private record Named(LearningRateSchedule formula, boolean perStep, String description)
            implements LearningRateSchedule {
        @Override
        public double rate(int epoch) {
            return formula.rate(epoch);
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
