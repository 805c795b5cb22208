package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One labelled example in a Spark data set: its features (a row of {@code X}) and either a class index
 * (classification) or a vector of targets (regression), as in {@link dev.ndgrad.nn.data.Dataset}. Immutable;
 * the arrays are copied in and out.
 */
public final class Example implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] features;
    private final long classIndex;
    private final double[] targets;

    private Example(double[] features, long classIndex, double[] targets) {
        checkNotNull(features, "Example: features are null");
        checkArgument(features.length > 0, "Example: no features");
        this.features = features.clone();
        this.classIndex = classIndex;
        this.targets = targets;
    }

    /** An example of class {@code classIndex} (from 0) with {@code features}. */
    public static Example ofClass(long classIndex, double... features) {
        checkArgument(classIndex >= 0, "Example: class index must be >= 0, got %s", classIndex);
        return new Example(features, classIndex, null);
    }

    /** A regression example: {@code features} and one or more {@code targets}. */
    public static Example ofTargets(double[] features, double... targets) {
        checkNotNull(targets, "Example: targets are null");
        checkArgument(targets.length > 0, "Example: no targets");
        return new Example(features, -1, targets.clone());
    }

    /** A copy of the features. */
    public double[] features() {
        return features.clone();
    }

    public int numFeatures() {
        return features.length;
    }

    public boolean isClassification() {
        return targets == null;
    }

    /** The class index; classification only. */
    public long classIndex() {
        checkArgument(isClassification(), "Example.classIndex: a regression example has targets, not a class");
        return classIndex;
    }

    /** A copy of the targets; regression only. */
    public double[] targets() {
        checkArgument(!isClassification(), "Example.targets: a classification example has a class, not targets");
        return targets.clone();
    }

    /** The number of targets; 0 for a classification example. */
    public int numTargets() {
        return targets == null ? 0 : targets.length;
    }

    /** Appends the features to {@code out} at {@code offset} without copying them first (for {@link Shard}). */
    void copyFeaturesInto(double[] out, int offset) {
        System.arraycopy(features, 0, out, offset, features.length);
    }

    void copyTargetsInto(double[] out, int offset) {
        System.arraycopy(targets, 0, out, offset, targets.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && classIndex == e.classIndex && Arrays.equals(features, e.features)
                && Arrays.equals(targets, e.targets);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + (targets == null ? Long.hashCode(classIndex) : Arrays.hashCode(targets));
    }

    @Override
    public String toString() {
        return "Example[" + features.length + " features, "
                + (isClassification() ? "class " + classIndex : "targets " + Arrays.toString(targets)) + "]";
    }
}
