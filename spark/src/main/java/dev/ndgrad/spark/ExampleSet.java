package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * A training (or dev, or test) set spread over a Spark cluster: the examples of each partition packed into
 * primitive arrays and cached in its executor's memory, each example numbered by its global index
 * {@code 0..n−1} in the order of the source (partition by partition). A step's mini-batch is a list of global
 * indices — the batch a one-machine {@link dev.ndgrad.nn.data.DataLoader} over the same examples in the same
 * order would draw — and each partition works on the examples of it that it holds.
 *
 * <p>Made from an RDD of {@link Example}s, a Spark SQL {@code Dataset<Row>} (a DataFrame), or a local ndgrad
 * {@link Dataset} cut into contiguous partitions. Creating one runs a Spark job that packs, caches and checks the
 * examples (same number of features, same kind of label everywhere). {@link #unpersist()} frees the cache.
 */
public final class ExampleSet {

    private final JavaRDD<Shard> shards;
    private final int size;
    private final int numFeatures;
    private final int numClasses;
    private final int numTargets;

    private ExampleSet(JavaRDD<Shard> shards, int size, int numFeatures, int numClasses, int numTargets) {
        this.shards = shards;
        this.size = size;
        this.numFeatures = numFeatures;
        this.numClasses = numClasses;
        this.numTargets = numTargets;
    }

    /**
     * The examples of {@code examples}, numbered in RDD order (partition 0 first). The partitioning is kept: one
     * cached shard per partition.
     *
     * @throws IllegalArgumentException if there are no examples, or they differ in their number of features or
     *     kind of label (the message names the first example that differs)
     */
    public static ExampleSet of(JavaRDD<Example> examples) {
        checkNotNull(examples, "ExampleSet: examples are null");
        JavaRDD<Shard> shards = examples.zipWithIndex()
                .mapPartitions(indexed -> List.of(Shard.of(indexed)).iterator())
                .persist(StorageLevel.MEMORY_ONLY());
        List<Shard.Summary> summaries;
        try {
            summaries = shards.map(Shard::summary).collect();
        } catch (RuntimeException e) {
            shards.unpersist(false);
            throw e;
        }
        try {
            return check(shards, summaries);
        } catch (IllegalArgumentException e) {
            shards.unpersist(false);
            throw e;
        }
    }

    private static ExampleSet check(JavaRDD<Shard> shards, List<Shard.Summary> summaries) {
        long size = 0;
        Shard.Summary reference = null;
        long maxClass = -1;
        for (Shard.Summary s : summaries) {
            checkArgument(s.problem() == null, "ExampleSet: %s", s.problem());
            if (s.rows() == 0) {
                continue;
            }
            checkArgument(s.first() == size, "ExampleSet: a partition starts at example %s after %s examples",
                    s.first(), size);
            if (reference == null) {
                reference = s;
            }
            checkArgument(s.numFeatures() == reference.numFeatures(), "ExampleSet: example %s has %s features, "
                    + "example %s has %s", s.first(), s.numFeatures(), reference.first(), reference.numFeatures());
            checkArgument(s.numTargets() == reference.numTargets(), "ExampleSet: example %s has %s, example %s has %s",
                    s.first(), labels(s.numTargets()), reference.first(), labels(reference.numTargets()));
            size += s.rows();
            maxClass = Math.max(maxClass, s.maxClass());
        }
        checkArgument(reference != null, "ExampleSet: no examples");
        checkArgument(size <= Integer.MAX_VALUE, "ExampleSet: %s examples; at most %s can be numbered", size,
                Integer.MAX_VALUE);
        int classes = reference.numTargets() == 0 ? Math.toIntExact(maxClass + 1) : 0;
        return new ExampleSet(shards, (int) size, reference.numFeatures(), classes, reference.numTargets());
    }

    private static String labels(int numTargets) {
        return numTargets == 0 ? "a class label" : numTargets + " target(s)";
    }

    /**
     * A local ndgrad data set cut into {@code partitions} contiguous slices (rows {@code 0..n/p−1} in the first,
     * and so on): global index {@code i} is row {@code i}, so that batches drawn by index are the batches a
     * {@link dev.ndgrad.nn.data.DataLoader} over {@code data} draws.
     */
    public static ExampleSet of(SparkSession spark, Dataset data, int partitions) {
        checkNotNull(spark, "ExampleSet: spark is null");
        checkNotNull(data, "ExampleSet: data is null");
        checkArgument(partitions >= 1, "ExampleSet: partitions must be >= 1, got %s", partitions);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return of(sc.parallelize(examples(data), Math.min(partitions, data.size())));
    }

    /** The examples of a local data set, in row order. */
    static List<Example> examples(Dataset data) {
        int n = data.size();
        int d = data.numFeatures();
        double[] x = Tensor.of(data.features()).toDoubleArray();
        double[] y = Tensor.of(data.labels()).toDoubleArray();
        int k = data.isClassification() ? 0 : y.length / n;
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] row = Arrays.copyOfRange(x, i * d, (i + 1) * d);
            out.add(data.isClassification() ? Example.ofClass((long) y[i], row)
                    : Example.ofTargets(row, Arrays.copyOfRange(y, i * k, (i + 1) * k)));
        }
        return out;
    }

    /**
     * The rows of a DataFrame, in its order. {@code featuresColumn} must be an array of numbers; {@code labelColumn}
     * an integral number (a class index: classification), a floating number (one target) or an array of numbers
     * (several targets).
     *
     * @throws IllegalArgumentException naming the column, if a column is missing or of another type
     */
    public static ExampleSet fromDataFrame(org.apache.spark.sql.Dataset<Row> frame, String featuresColumn,
            String labelColumn) {
        checkNotNull(frame, "ExampleSet: frame is null");
        StructField features = column(frame, featuresColumn);
        StructField label = column(frame, labelColumn);
        checkArgument(isNumericArray(features.dataType()), "ExampleSet: features column '%s' must be an array of "
                + "numbers, got %s", featuresColumn, features.dataType().simpleString());
        boolean classes = isIntegral(label.dataType());
        boolean targetArray = isNumericArray(label.dataType());
        checkArgument(classes || targetArray || label.dataType() instanceof NumericType, "ExampleSet: label column "
                + "'%s' must be an integral class index, a number or an array of numbers, got %s", labelColumn,
                label.dataType().simpleString());
        JavaRDD<Example> examples = frame.select(featuresColumn, labelColumn).javaRDD().map(row -> {
            double[] x = numbers(row.getList(0), featuresColumn);
            if (classes) {
                return Example.ofClass(((Number) row.get(1)).longValue(), x);
            }
            return Example.ofTargets(x, targetArray ? numbers(row.getList(1), labelColumn)
                    : new double[] {((Number) row.get(1)).doubleValue()});
        });
        return of(examples);
    }

    private static StructField column(org.apache.spark.sql.Dataset<Row> frame, String name) {
        checkNotNull(name, "ExampleSet: column name is null");
        for (StructField f : frame.schema().fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("ExampleSet: no column '" + name + "' in "
                + Arrays.toString(frame.columns()));
    }

    private static boolean isNumericArray(DataType type) {
        return type instanceof ArrayType a && a.elementType() instanceof NumericType;
    }

    private static boolean isIntegral(DataType type) {
        return type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType)
                || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType);
    }

    private static double[] numbers(List<Object> values, String column) {
        checkArgument(values != null, "ExampleSet: a row has no value in column '%s'", column);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(i);
            checkArgument(v != null, "ExampleSet: a null element in column '%s'", column);
            out[i] = ((Number) v).doubleValue();
        }
        return out;
    }

    /** The number of examples {@code n}. */
    public int size() {
        return size;
    }

    public int numFeatures() {
        return numFeatures;
    }

    public boolean isClassification() {
        return numTargets == 0;
    }

    /** {@code max(class) + 1} for classification, 0 for regression. */
    public int numClasses() {
        return numClasses;
    }

    /** The number of targets per example, 0 for classification. */
    public int numTargets() {
        return numTargets;
    }

    public int numPartitions() {
        return shards.getNumPartitions();
    }

    /** The cached shards, one per partition. */
    JavaRDD<Shard> shards() {
        return shards;
    }

    /** Frees the cached examples on the executors; the set cannot be used afterwards. */
    public void unpersist() {
        shards.unpersist(false);
    }

    @Override
    public String toString() {
        return "ExampleSet[" + size + " x " + numFeatures + ", "
                + (isClassification() ? numClasses + " classes" : numTargets + " target(s)") + ", " + numPartitions()
                + " partition(s)]";
    }
}
