package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.data.Batch;
import dev.ndgrad.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ExampleSetTest {

    private static JavaSparkContext sc() {
        return JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    }

    @Test
    void aLocalDatasetIsCutIntoContiguousPartitionsNumberedByRow() {
        Dataset data = Fixtures.classes(10, DataType.FLOAT, 1);
        ExampleSet set = ExampleSet.of(TestSpark.session(), data, 3);
        try {
            assertEquals(10, set.size());
            assertEquals(3, set.numPartitions());
            assertEquals(Fixtures.FEATURES, set.numFeatures());
            assertTrue(set.isClassification());
            assertEquals(data.numClasses(), set.numClasses());
            assertEquals("ExampleSet[10 x 8, " + data.numClasses() + " classes, 3 partition(s)]", set.toString());
            // each shard serves the rows it holds of a global batch, in the batch's order
            int[] batch = {9, 0, 4, 5};
            List<double[]> rows = set.shards().map(shard -> {
                int[] local = shard.localRows(batch);
                return local.length == 0 ? new double[0]
                        : shard.batch(local, org.nd4j.linalg.api.buffer.DataType.DOUBLE).features().toDoubleArray();
            }).collect();
            double[] expected = Dataset.classification(data.features(), data.labels()).batch(new int[] {0})
                    .features().to(DataType.DOUBLE).toDoubleArray();
            assertArrayEquals(expected, java.util.Arrays.copyOf(rows.get(0), Fixtures.FEATURES), "row 0 in shard 0");
            assertEquals(2 * Fixtures.FEATURES, rows.get(1).length, "rows 4 and 5 (shard 1 holds 3..5)");
            assertEquals(Fixtures.FEATURES, rows.get(2).length, "row 9");
        } finally {
            set.unpersist();
        }
    }

    @Test
    void aShardBuildsBatchesOfTheModelsDtypeWithItsLabels() {
        Dataset data = Dataset.regression(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}}),
                Nd4j.createFromArray(new double[][] {{10, 11}, {12, 13}, {14, 15}}));
        List<Example> examples = ExampleSet.examples(data);
        assertEquals(Example.ofTargets(new double[] {3, 4}, 12, 13), examples.get(1));
        Shard shard = Shard.of(List.of(new scala.Tuple2<>(examples.get(0), 5L), new scala.Tuple2<>(examples.get(1), 6L),
                new scala.Tuple2<>(examples.get(2), 7L)).iterator());
        assertArrayEquals(new int[] {2, 0}, shard.localRows(new int[] {7, 1, 5, 9}));
        Batch b = shard.batch(new int[] {2, 0}, DataType.FLOAT);
        assertEquals(DataType.FLOAT, b.features().dtype());
        assertArrayEquals(new double[] {5, 6, 1, 2}, b.features().toDoubleArray());
        assertArrayEquals(new double[] {14, 15, 10, 11}, b.labels().toDoubleArray());
        assertArrayEquals(new long[] {2, 2}, b.labels().shape());
    }

    @Test
    void anRddOfExamplesKeepsItsPartitioning() {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            examples.add(Example.ofTargets(new double[] {i, -i}, 2.0 * i));
        }
        ExampleSet set = ExampleSet.of(sc().parallelize(examples, 2));
        try {
            assertEquals(7, set.size());
            assertEquals(2, set.numPartitions());
            assertFalse(set.isClassification());
            assertEquals(1, set.numTargets());
            assertEquals(0, set.numClasses());
        } finally {
            set.unpersist();
        }
    }

    @Test
    void aDataFrameGivesExamplesFromItsColumns() {
        StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType))
                .add("y", DataTypes.IntegerType).add("name", DataTypes.StringType);
        List<Row> rows = List.of(RowFactory.create(new float[] {1, 2}, 0, "a"),
                RowFactory.create(new float[] {3, 4}, 2, "b"));
        var frame = TestSpark.session().createDataFrame(rows, schema);
        ExampleSet set = ExampleSet.fromDataFrame(frame, "x", "y");
        try {
            assertEquals(2, set.size());
            assertEquals(2, set.numFeatures());
            assertEquals(3, set.numClasses());
        } finally {
            set.unpersist();
        }
        var missing = assertThrows(IllegalArgumentException.class, () -> ExampleSet.fromDataFrame(frame, "z", "y"));
        assertTrue(missing.getMessage().contains("no column 'z' in [x, y, name]"), missing.getMessage());
        var wrong = assertThrows(IllegalArgumentException.class, () -> ExampleSet.fromDataFrame(frame, "name", "y"));
        assertTrue(wrong.getMessage().contains("features column 'name' must be an array of numbers, got string"),
                wrong.getMessage());
        var label = assertThrows(IllegalArgumentException.class, () -> ExampleSet.fromDataFrame(frame, "x", "name"));
        assertTrue(label.getMessage().contains("label column 'name'"), label.getMessage());
    }

    @Test
    void examplesThatDifferAreRefusedWithTheFirstThatDiffers() {
        List<Example> widths = List.of(Example.ofClass(0, 1, 2), Example.ofClass(1, 3, 4), Example.ofClass(0, 5, 6, 7));
        var width = assertThrows(IllegalArgumentException.class, () -> ExampleSet.of(sc().parallelize(widths, 1)));
        assertEquals("ExampleSet: example 2 has 3 features, example 0 has 2", width.getMessage());
        var across = assertThrows(IllegalArgumentException.class, () -> ExampleSet.of(sc().parallelize(widths, 3)));
        assertEquals("ExampleSet: example 2 has 3 features, example 0 has 2", across.getMessage());
        List<Example> kinds = List.of(Example.ofClass(0, 1, 2), Example.ofTargets(new double[] {3, 4}, 1));
        var kind = assertThrows(IllegalArgumentException.class, () -> ExampleSet.of(sc().parallelize(kinds, 1)));
        assertEquals("ExampleSet: example 1 has 1 target(s), example 0 has a class label", kind.getMessage());
        var none = assertThrows(IllegalArgumentException.class,
                () -> ExampleSet.of(sc().parallelize(List.<Example>of(), 2)));
        assertEquals("ExampleSet: no examples", none.getMessage());
    }

    @Test
    void anExampleChecksItsInput() {
        assertThrows(IllegalArgumentException.class, () -> Example.ofClass(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> Example.ofClass(0));
        assertThrows(IllegalArgumentException.class, () -> Example.ofTargets(new double[] {1}));
        Example e = Example.ofClass(2, 1, 2);
        var noTargets = assertThrows(IllegalArgumentException.class, e::targets);
        assertTrue(noTargets.getMessage().contains("has a class, not targets"));
        double[] features = e.features();
        features[0] = 99;
        assertEquals(1, e.features()[0], "a copy");
        assertEquals("Example[2 features, class 2]", e.toString());
    }
}
