package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random splits of a data set into parts of given fractions: train/dev/test (e.g. 60/20/20 for a small data set,
 * 98/1/1 for a big one, as the lecture notes advise), optionally stratified so that every part keeps the class
 * proportions of the whole. The dev and test sets then come from the same distribution, as the notes require.
 *
 * <p>Part sizes are the fractions of {@code n} rounded by the largest-remainder rule, so they add up to {@code n}
 * exactly; a stratified split rounds per class. The split depends only on the data set and the seed.
 */
public final class Splits {

    private Splits() {
    }

    /** A random split into {@code train, dev, test} fractions (which must add up to 1). */
    public static TrainDevTest trainDevTest(Dataset dataset, double train, double dev, double test, long seed) {
        List<Dataset> parts = random(dataset, seed, train, dev, test);
        return new TrainDevTest(parts.get(0), parts.get(1), parts.get(2));
    }

    /** A stratified split into {@code train, dev, test} fractions (which must add up to 1). */
    public static TrainDevTest stratifiedTrainDevTest(Dataset dataset, double train, double dev, double test,
            long seed) {
        List<Dataset> parts = stratified(dataset, seed, train, dev, test);
        return new TrainDevTest(parts.get(0), parts.get(1), parts.get(2));
    }

    /** A random split into parts of the given fractions, in that order. */
    public static List<Dataset> random(Dataset dataset, long seed, double... fractions) {
        checkFractions(fractions);
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = RowGather.range(dataset.size());
        shuffle(order, order.length, random);
        int[] counts = apportion(order.length, fractions);
        List<int[]> parts = new ArrayList<>();
        int start = 0;
        for (int count : counts) {
            parts.add(Arrays.copyOfRange(order, start, start + count));
            start += count;
        }
        return subsets(dataset, parts, fractions);
    }

    /**
     * A split in which every class is divided in the given fractions separately, so each part has (up to rounding)
     * the class proportions of the whole. Within a part the examples are in random order.
     */
    public static List<Dataset> stratified(Dataset dataset, long seed, double... fractions) {
        checkArgument(dataset.isClassification(), "Splits.stratified: %s has no classes to stratify by", dataset);
        checkFractions(fractions);
        SplittableRandom random = new SplittableRandom(seed);
        long[] labels = dataset.labels().toLongVector();
        int[][] byClass = indicesByClass(labels, dataset.numClasses());
        int[][] parts = new int[fractions.length][];
        int[] filled = new int[fractions.length];
        int[][] classCounts = new int[byClass.length][];
        for (int c = 0; c < byClass.length; c++) {
            classCounts[c] = apportion(byClass[c].length, fractions);
            for (int p = 0; p < fractions.length; p++) {
                filled[p] += classCounts[c][p];
            }
        }
        for (int p = 0; p < fractions.length; p++) {
            parts[p] = new int[filled[p]];
            filled[p] = 0;
        }
        for (int c = 0; c < byClass.length; c++) {
            int[] members = byClass[c];
            shuffle(members, members.length, random);
            int start = 0;
            for (int p = 0; p < fractions.length; p++) {
                System.arraycopy(members, start, parts[p], filled[p], classCounts[c][p]);
                start += classCounts[c][p];
                filled[p] += classCounts[c][p];
            }
        }
        for (int[] part : parts) {
            shuffle(part, part.length, random);
        }
        return subsets(dataset, Arrays.asList(parts), fractions);
    }

    private static int[][] indicesByClass(long[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (long label : labels) {
            counts[(int) label]++;
        }
        int[][] byClass = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            byClass[c] = new int[counts[c]];
            counts[c] = 0;
        }
        for (int i = 0; i < labels.length; i++) {
            int c = (int) labels[i];
            byClass[c][counts[c]++] = i;
        }
        return byClass;
    }

    private static List<Dataset> subsets(Dataset dataset, List<int[]> parts, double[] fractions) {
        List<Dataset> result = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            checkArgument(parts.get(p).length > 0, "Splits: part %s (fraction %s) of %s examples would be empty", p,
                    fractions[p], dataset.size());
            result.add(dataset.subset(parts.get(p)));
        }
        return List.copyOf(result);
    }

    private static void checkFractions(double[] fractions) {
        checkArgument(fractions.length >= 2, "Splits: need at least 2 fractions, got %s", Arrays.toString(fractions));
        double sum = 0;
        for (double f : fractions) {
            checkArgument(f > 0 && f < 1, "Splits: fraction %s not in (0, 1) in %s", f, Arrays.toString(fractions));
            sum += f;
        }
        checkArgument(Math.abs(sum - 1) < 1e-9, "Splits: fractions %s add up to %s, not 1", Arrays.toString(fractions),
                sum);
    }

    /**
     * Splits {@code n} into whole counts proportional to {@code fractions} that add up to {@code n}: each part gets
     * {@code ⌊n·f⌋}, and the parts with the largest remainders get one more until the total is {@code n}.
     */
    static int[] apportion(int n, double[] fractions) {
        int[] counts = new int[fractions.length];
        double[] remainders = new double[fractions.length];
        int assigned = 0;
        for (int p = 0; p < fractions.length; p++) {
            double exact = n * fractions[p];
            counts[p] = (int) Math.floor(exact + 1e-9);
            remainders[p] = exact - counts[p];
            assigned += counts[p];
        }
        for (; assigned < n; assigned++) {
            int best = 0;
            for (int p = 1; p < fractions.length; p++) {
                if (remainders[p] > remainders[best]) {
                    best = p;
                }
            }
            counts[best]++;
            remainders[best] = -1;
        }
        return counts;
    }

    private static void shuffle(int[] values, int length, SplittableRandom random) {
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
