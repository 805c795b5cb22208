package dev.ndgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class CsvReaderTest {

    @TempDir
    Path dir;

    private static Dataset parse(CsvReader reader, String text) {
        return reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.csv");
    }

    @Test
    void bundledDataSetsHaveTheDocumentedShapes() {
        Dataset iris = Datasets.iris();
        assertEquals(150, iris.size());
        assertEquals(4, iris.numFeatures());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        assertArrayEquals(new long[] {50, 50, 50}, iris.classCounts());
        assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, iris.features().getRow(0).toDoubleVector(), 1e-6);

        Dataset cancer = Datasets.breastCancer();
        assertEquals(569, cancer.size());
        assertEquals(30, cancer.numFeatures());
        assertEquals(List.of("malignant", "benign"), cancer.classNames());
        assertArrayEquals(new long[] {212, 357}, cancer.classCounts());
        assertEquals(17.99, cancer.features().getDouble(0, 0), 1e-5);
        assertEquals(0, cancer.labels().getLong(0));

        Dataset digits = Datasets.digits();
        assertEquals(1797, digits.size());
        assertEquals(64, digits.numFeatures());
        assertEquals(10, digits.numClasses());
        assertEquals(16.0, digits.features().maxNumber().doubleValue());
        assertEquals(0, digits.labels().getLong(0));
        assertEquals(DataType.FLOAT, digits.dtype());
    }

    @Test
    void readsGzippedFilesByContentAndLabelColumnsAnywhere() throws IOException {
        Path file = dir.resolve("plain-name.csv"); // gzipped, though the name does not say so
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("a;b;c\n1;0.5;2\n\n0;1.5;3\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = CsvReader.builder().delimiter(';').skipLines(1).labelColumn(0).dtype(DataType.DOUBLE).build()
                .read(file);
        assertEquals(2, d.size());
        assertEquals(DataType.DOUBLE, d.dtype());
        assertArrayEquals(new double[] {0.5, 2, 1.5, 3}, d.features().reshape(4).toDoubleVector());
        assertArrayEquals(new long[] {1, 0}, d.labels().toLongVector());
    }

    @Test
    void regressionKeepsRealTargets() {
        Dataset d = parse(CsvReader.builder().regression().labelColumn(1).build(), "1,2.5,3\n4,-0.25,6\n");
        assertFalse(d.isClassification());
        assertArrayEquals(new double[] {2.5, -0.25}, d.labels().reshape(2).toDoubleVector(), 1e-6);
        assertArrayEquals(new double[] {1, 3, 4, 6}, d.features().reshape(4).toDoubleVector(), 1e-6);
    }

    @Test
    void errorsNameTheSourceLineAndProblem() {
        CsvReader reader = CsvReader.builder().build();
        var number = assertThrows(IllegalArgumentException.class, () -> parse(reader, "1,2\n3,x\n"));
        assertTrue(number.getMessage().contains("test.csv line 2 column 2: 'x' is not a number"), number.getMessage());
        var ragged = assertThrows(IllegalArgumentException.class, () -> parse(reader, "1,2,0\n3,1\n"));
        assertTrue(ragged.getMessage().contains("line 2: expected 3 columns, got 2"), ragged.getMessage());
        var label = assertThrows(IllegalArgumentException.class, () -> parse(reader, "1,2\n3,1.5\n"));
        assertTrue(label.getMessage().contains("class label 1.5"), label.getMessage());
        var header = assertThrows(IllegalArgumentException.class,
                () -> parse(CsvReader.builder().sklearnHeader().build(), "3,1,a,b\n1,0\n2,1\n"));
        assertTrue(header.getMessage().contains("header says 3 rows of 1 features, the file has 2 rows"),
                header.getMessage());
        var notHeader = assertThrows(IllegalArgumentException.class,
                () -> parse(CsvReader.builder().sklearnHeader().build(), "x,y\n1,0\n"));
        assertTrue(notHeader.getMessage().contains("is not a header"), notHeader.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> parse(reader, "\n\n"));
        assertTrue(empty.getMessage().contains("no data rows"), empty.getMessage());
        var column = assertThrows(IllegalArgumentException.class,
                () -> parse(CsvReader.builder().labelColumn(5).build(), "1,0\n"));
        assertTrue(column.getMessage().contains("label column 5 out of range for 2 columns"), column.getMessage());
        var missing = assertThrows(UncheckedIOException.class, () -> reader.read(dir.resolve("nope.csv")));
        assertTrue(missing.getMessage().contains("no such file") && missing.getMessage().contains("nope.csv"),
                missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvReader.builder().dtype(DataType.INT32));
    }
}
