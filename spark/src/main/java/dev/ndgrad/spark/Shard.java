package dev.ndgrad.spark;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.data.Batch;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import scala.Tuple2;

/**
 * The examples of one Spark partition, packed into primitive arrays and cached on its executor: features
 * {@code [rows, d]} row-major, and class indices or targets {@code [rows, k]}. Its examples have the consecutive
 * global indices {@code first .. first + rows − 1} (as {@code zipWithIndex} numbers a partition's elements), which
 * is how a step's global mini-batch, a list of global indices, finds the examples a partition holds.
 */
final class Shard implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the driver needs to know about a shard to check and size the data set. */
    record Summary(long first, int rows, int numFeatures, int numTargets, long maxClass, String problem)
            implements Serializable {}

    private final long first;
    private final int rows;
    private final int numFeatures;
    private final int numTargets;
    private final double[] features;
    private final long[] classes;
    private final double[] targets;
    private final String problem;

    private Shard(long first, int rows, int numFeatures, int numTargets, double[] features, long[] classes,
            double[] targets, String problem) {
        this.first = first;
        this.rows = rows;
        this.numFeatures = numFeatures;
        this.numTargets = numTargets;
        this.features = features;
        this.classes = classes;
        this.targets = targets;
        this.problem = problem;
    }

    /**
     * Packs one partition of {@code (example, global index)} pairs. An example whose width or kind of label
     * differs from the partition's first is not packed but reported in the {@link Summary}, so that the driver
     * can fail with one clear message.
     */
    static Shard of(Iterator<Tuple2<Example, Long>> indexed) {
        List<Example> examples = new ArrayList<>();
        long first = -1;
        String problem = null;
        while (indexed.hasNext() && problem == null) {
            Tuple2<Example, Long> next = indexed.next();
            Example e = next._1();
            long index = next._2();
            if (first < 0) {
                first = index;
            }
            Example head = examples.isEmpty() ? e : examples.get(0);
            if (index != first + examples.size()) {
                problem = "example " + index + " follows example " + (first + examples.size() - 1)
                        + " in its partition; the examples of a partition must have consecutive indices";
            } else if (e.numFeatures() != head.numFeatures()) {
                problem = "example " + index + " has " + e.numFeatures() + " features, example " + first + " has "
                        + head.numFeatures();
            } else if (e.isClassification() != head.isClassification() || e.numTargets() != head.numTargets()) {
                problem = "example " + index + " has " + label(e) + ", example " + first + " has " + label(head);
            } else {
                examples.add(e);
            }
        }
        if (examples.isEmpty()) {
            return new Shard(Math.max(first, 0), 0, 0, 0, new double[0], null, null, problem);
        }
        Example head = examples.get(0);
        int n = examples.size();
        int d = head.numFeatures();
        int k = head.numTargets();
        double[] x = new double[Math.multiplyExact(n, d)];
        long[] classes = head.isClassification() ? new long[n] : null;
        double[] y = head.isClassification() ? null : new double[Math.multiplyExact(n, k)];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            e.copyFeaturesInto(x, i * d);
            if (classes != null) {
                classes[i] = e.classIndex();
            } else {
                e.copyTargetsInto(y, i * k);
            }
        }
        return new Shard(first, n, d, k, x, classes, y, problem);
    }

    private static String label(Example e) {
        return e.isClassification() ? "a class label" : e.numTargets() + " target(s)";
    }

    Summary summary() {
        long maxClass = -1;
        if (classes != null) {
            for (long c : classes) {
                maxClass = Math.max(maxClass, c);
            }
        }
        return new Summary(first, rows, numFeatures, numTargets, maxClass, problem);
    }

    int rows() {
        return rows;
    }

    /**
     * The local rows of the examples of {@code batch} (global indices) that this shard holds, in the batch's order:
     * the partition's share of a global mini-batch.
     */
    int[] localRows(int[] batch) {
        int count = 0;
        for (int g : batch) {
            if (g >= first && g < first + rows) {
                count++;
            }
        }
        int[] local = new int[count];
        int j = 0;
        for (int g : batch) {
            if (g >= first && g < first + rows) {
                local[j++] = (int) (g - first);
            }
        }
        return local;
    }

    /** Local rows {@code from .. to − 1}: a chunk of the shard in storage order (for evaluation). */
    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** The examples at {@code localRows} as a batch of constant tensors: features of {@code dtype}, labels. */
    Batch batch(int[] localRows, DataType dtype) {
        int b = localRows.length;
        double[] x = new double[Math.multiplyExact(b, numFeatures)];
        for (int i = 0; i < b; i++) {
            System.arraycopy(features, localRows[i] * numFeatures, x, i * numFeatures, numFeatures);
        }
        Tensor labels;
        if (classes != null) {
            long[] c = new long[b];
            for (int i = 0; i < b; i++) {
                c[i] = classes[localRows[i]];
            }
            labels = Tensor.indices(c);
        } else {
            double[] y = new double[Math.multiplyExact(b, numTargets)];
            for (int i = 0; i < b; i++) {
                System.arraycopy(targets, localRows[i] * numTargets, y, i * numTargets, numTargets);
            }
            labels = FlatTensors.tensor(y, new long[] {b, numTargets}, dtype);
        }
        return new Batch(FlatTensors.tensor(x, new long[] {b, numFeatures}, dtype), labels);
    }
}
