package dev.ndgrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;

/**
 * The lecture notes' bias/variance reading of a trained model: look at the training error against the base
 * (optimal, Bayes) error for <em>bias</em>, then at the dev error against the training error for
 * <em>variance</em>; fix bias first (bigger network, train longer, another architecture), then variance (more
 * data, regularization, another architecture).
 *
 * <p>With {@code avoidable bias = train − base} and {@code variance = dev − train}, a gap is <em>high</em> when
 * <pre>
 *   gap > max(minimumGap, min(absoluteGap, relativeGap · reference))     defaults 0.015, 0.02, 1.0
 * </pre>
 * where the reference is the error the gap starts from (base for bias, train for variance). So a gap above
 * 2 percentage points is always high; at small error rates the bar drops to the reference error itself (a dev
 * error more than twice the training error is high variance even under 2 points); and a gap of at most 1.5 points
 * never counts (that close, it is mostly the noise of a small dev set: 1.5 points of 100 examples is 1.5 examples).
 * Lower {@code minimumGap} for large dev sets. With these defaults the notes' examples (base 0%) read:
 * train 1% / dev 11% high variance; 15% / 16% high bias; 15% / 30% both; 0.5% / 1% neither; and with a base
 * error of 15% (say, blurry images), train 15% / dev 16% is neither.
 *
 * @param verdict which problems there are
 * @param trainError the training error rate in {@code [0, 1]}
 * @param devError the dev error rate in {@code [0, 1]}
 * @param baseError the base (human-level or Bayes) error rate in {@code [0, 1]}
 * @param thresholds the rule used
 */
public record BiasVarianceDiagnosis(Verdict verdict, double trainError, double devError, double baseError,
        Thresholds thresholds) {

    /** The four outcomes. */
    public enum Verdict {
        NEITHER("neither high bias nor high variance"),
        HIGH_BIAS("high bias"),
        HIGH_VARIANCE("high variance"),
        HIGH_BIAS_AND_HIGH_VARIANCE("high bias and high variance");

        private final String words;

        Verdict(String words) {
            this.words = words;
        }

        /** The verdict in words, e.g. {@code "high bias"}. */
        public String words() {
            return words;
        }

        public boolean highBias() {
            return this == HIGH_BIAS || this == HIGH_BIAS_AND_HIGH_VARIANCE;
        }

        public boolean highVariance() {
            return this == HIGH_VARIANCE || this == HIGH_BIAS_AND_HIGH_VARIANCE;
        }
    }

    /**
     * When a gap counts as high; see the class comment.
     *
     * @param absoluteGap a gap above this is always high
     * @param relativeGap a gap above this multiple of its reference error is high (if also above minimumGap)
     * @param minimumGap a gap at or below this is never high; at most {@code absoluteGap}
     */
    public record Thresholds(double absoluteGap, double relativeGap, double minimumGap) {

        private static final double ROUNDING = 1e-9;

        /** {@code gap > max(1.5 points, min(2 points, reference))}. */
        public static final Thresholds DEFAULT = new Thresholds(0.02, 1.0, 0.015);

        public Thresholds {
            checkArgument(absoluteGap > 0 && relativeGap > 0 && minimumGap >= 0 && minimumGap <= absoluteGap,
                    "BiasVarianceDiagnosis: thresholds need absolute > 0, relative > 0, 0 <= minimum <= absolute; "
                            + "got absolute %s, relative %s, minimum %s", absoluteGap, relativeGap, minimumGap);
        }

        /** The gap above which a gap from {@code reference} is high. */
        public double threshold(double reference) {
            return Math.max(minimumGap, Math.min(absoluteGap, relativeGap * reference));
        }

        /**
         * Whether {@code gap} above {@code reference} is high. The comparison allows 1e-9 of rounding, so that
         * {@code 0.16 − 0.15} is a gap of exactly 1 point.
         */
        public boolean isHigh(double gap, double reference) {
            return gap > threshold(reference) + ROUNDING;
        }
    }

    public BiasVarianceDiagnosis {
        checkRate(trainError, "train");
        checkRate(devError, "dev");
        checkRate(baseError, "base");
        checkArgument(thresholds != null, "BiasVarianceDiagnosis: thresholds are null");
    }

    private static void checkRate(double error, String which) {
        checkArgument(error >= 0 && error <= 1, "BiasVarianceDiagnosis: %s error %s is not a rate in [0, 1]", which,
                error);
    }

    /** The diagnosis with the default thresholds. */
    public static BiasVarianceDiagnosis of(double trainError, double devError, double baseError) {
        return of(trainError, devError, baseError, Thresholds.DEFAULT);
    }

    /** The diagnosis with the given thresholds. */
    public static BiasVarianceDiagnosis of(double trainError, double devError, double baseError,
            Thresholds thresholds) {
        checkRate(trainError, "train");
        checkRate(devError, "dev");
        checkRate(baseError, "base");
        boolean bias = thresholds.isHigh(trainError - baseError, baseError);
        boolean variance = thresholds.isHigh(devError - trainError, trainError);
        Verdict verdict = bias && variance ? Verdict.HIGH_BIAS_AND_HIGH_VARIANCE
                : bias ? Verdict.HIGH_BIAS : variance ? Verdict.HIGH_VARIANCE : Verdict.NEITHER;
        return new BiasVarianceDiagnosis(verdict, trainError, devError, baseError, thresholds);
    }

    /** {@code train − base}. */
    public double avoidableBias() {
        return trainError - baseError;
    }

    /** {@code dev − train}. */
    public double variance() {
        return devError - trainError;
    }

    /**
     * The verdict with the numbers and the recipe's next step, e.g. {@code "high variance: train error 1.0% is 1.0
     * points above the base error 0.0%; dev error 11.0% is 10.0 points above the train error. Next: more data,
     * regularization (L2, dropout, augmentation), or another architecture."}
     */
    public String message() {
        StringBuilder s = new StringBuilder(verdict.words()).append(String.format(Locale.ROOT,
                ": train error %s is %s the base error %s; dev error %s is %s the train error.", percent(trainError),
                gap(avoidableBias()), percent(baseError), percent(devError), gap(variance())));
        if (verdict.highBias()) {
            s.append(" Next (bias first): a bigger network, train longer, or another architecture.");
        }
        if (verdict.highVariance()) {
            s.append(verdict.highBias() ? " Then (variance): " : " Next: ")
                    .append("more data, regularization (L2, dropout, augmentation), or another architecture.");
        }
        return s.toString();
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }

    private static String gap(double gap) {
        double points = 100 * Math.abs(gap);
        String unit = String.format(Locale.ROOT, "%.1f point%s", points, points == 1.0 ? "" : "s");
        return gap >= 0 ? unit + " above" : unit + " below";
    }

    @Override
    public String toString() {
        return message();
    }
}
