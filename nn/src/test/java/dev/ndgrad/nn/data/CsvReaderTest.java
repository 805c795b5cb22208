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
    void theBundledTextIsTheFirstTenChaptersOfPrideAndPrejudice() {
        String text = Datasets.prideAndPrejudice();
        assertEquals(87_051, text.length());
        assertTrue(text.startsWith("PRIDE AND PREJUDICE\n\nBy Jane Austen\n"), text.substring(0, 40));
        assertTrue(text.contains("It is a truth universally acknowledged, that a single man in possession\n"
                + "of a good fortune, must be in want of a wife."));
        assertTrue(text.contains("\nChapter 10\n") && !text.contains("Chapter 11"));
        assertTrue(text.endsWith("as to intend leaving her room for a couple of hours that evening.\n"));
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
        assertTrue(number.getMessage().contains("test.csv line 2 column 2: 'x' is not a decimal number"), number.getMessage());
        var ragged = assertThrows(IllegalArgumentException.class, () -> parse(reader, "1,2,0\n3,1\n"));
        assertTrue(ragged.getMessage().contains("line 2: expected 3 columns, got 2"), ragged.getMessage());
        var label = assertThrows(IllegalArgumentException.class, () -> parse(reader, "1,2\n3,1.5\n"));
        assertTrue(label.getMessage().contains("line 2 column 2: '1.5' is not a class label"), label.getMessage());
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

    /**
     * Cells that Double.parseDouble accepts but that are not finite decimals: each an error naming the line, the
     * column and the cell (they used to load, and NaN/Infinity made the standardised column all NaN).
     */
    @Test
    void nonFiniteAndNonDecimalCellsAreRefusedUnlessAskedFor() {
        CsvReader strict = CsvReader.builder().build();
        for (String cell : List.of("NaN", "Infinity", "-inf", "nan", "0x1p1", "2d", "1f", "1e400", "1_000", "")) {
            var e = assertThrows(IllegalArgumentException.class, () -> parse(strict, "1,0\n" + cell + ",1\n3,0\n"),
                    cell);
            assertTrue(e.getMessage().startsWith("CsvReader: test.csv line 2 column 1: '" + cell + "' is "),
                    e.getMessage());
        }
        var nan = assertThrows(IllegalArgumentException.class, () -> parse(strict, "NaN,0\n"));
        assertTrue(nan.getMessage().contains("is not a finite number") && nan.getMessage().contains(
                "numbers(NumberSyntax.DECIMAL_OR_NON_FINITE)"), nan.getMessage());
        var hex = assertThrows(IllegalArgumentException.class, () -> parse(strict, "0x1p1,0\n"));
        assertTrue(hex.getMessage().contains("is not a decimal number") && hex.getMessage().contains(
                "numbers(NumberSyntax.JAVA)"), hex.getMessage());
        var overflow = assertThrows(IllegalArgumentException.class, () -> parse(strict, "1e39,0\n"));
        assertTrue(overflow.getMessage().contains("'1e39' is beyond the range of FLOAT"), overflow.getMessage());
        assertEquals(1e39, parse(CsvReader.builder().dtype(DataType.DOUBLE).build(), "1e39,0\n").features()
                .getDouble(0, 0));

        // Every decimal spelling still reads.
        Dataset decimals = parse(CsvReader.builder().dtype(DataType.DOUBLE).build(),
                "3,0\n-0.5,1\n.5,0\n+1.,1\n1e-3,0\n2.5E+10,1\n");
        assertArrayEquals(new double[] {3, -0.5, 0.5, 1, 1e-3, 2.5e10}, decimals.features().toDoubleVector());

        // Asked for: NaN and infinities, then Java's own spellings.
        Dataset nonFinite = parse(CsvReader.builder().numbers(NumberSyntax.DECIMAL_OR_NON_FINITE)
                .dtype(DataType.DOUBLE).build(), "NaN,0\n-inf,1\nInfinity,0\n");
        assertArrayEquals(new double[] {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
                nonFinite.features().toDoubleVector());
        assertThrows(IllegalArgumentException.class,
                () -> parse(CsvReader.builder().numbers(NumberSyntax.DECIMAL_OR_NON_FINITE).build(), "2d,0\n"));
        Dataset java = parse(CsvReader.builder().numbers(NumberSyntax.JAVA).dtype(DataType.DOUBLE).build(),
                "0x1p1,0\n2d,1\n");
        assertArrayEquals(new double[] {2, 2}, java.features().toDoubleVector());
    }

    /** What the strict default protects: a standardised column stays finite. */
    @Test
    void aStandardisedColumnStaysFinite() {
        Dataset d = parse(CsvReader.builder().build(), "1,0\n2,1\n3,0\n");
        for (double v : StandardScaler.fit(d).transform(d).features().toDoubleVector()) {
            assertTrue(Double.isFinite(v), Double.toString(v));
        }
    }

    /** A UTF-8 byte-order mark at the start of a file is skipped, before a header or the data. */
    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        Dataset d = parse(CsvReader.builder().build(), "\uFEFF1,0\n2,1\n");
        assertArrayEquals(new double[] {1, 2}, d.features().toDoubleVector(), 1e-6);
        Dataset withHeader = parse(CsvReader.builder().sklearnHeader().build(), "\uFEFF2,1,a,b\n1,0\n2,1\n");
        assertEquals(List.of("a", "b"), withHeader.classNames());
        Path file = dir.resolve("bom.csv");
        Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1', ',', '0', '\n'});
        assertEquals(1.0, CsvReader.builder().build().read(file).features().getDouble(0, 0));
        // Only at the start: elsewhere it is a bad cell like any other.
        var inside = assertThrows(IllegalArgumentException.class, () -> parse(CsvReader.builder().build(),
                "1,0\n\uFEFF2,1\n"));
        assertTrue(inside.getMessage().contains("line 2 column 1"), inside.getMessage());
    }

    /** A label of 2e9 used to make classCounts() allocate 16 GB; now the file is refused where the label is. */
    @Test
    void aHugeClassLabelIsRefusedNamingWhereItIs() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> parse(CsvReader.builder().build(), "1,0\n2,2000000000\n3,1\n"));
        assertTrue(e.getMessage().contains("test.csv line 2 column 2: '2000000000' is not a class label")
                && e.getMessage().contains("0..k-1 with k <= 1048576"), e.getMessage());
        var negative = assertThrows(IllegalArgumentException.class,
                () -> parse(CsvReader.builder().build(), "1,0\n2,-1\n"));
        assertTrue(negative.getMessage().contains("line 2 column 2: '-1' is not a class label"), negative.getMessage());
        // The same column read as a regression target is fine.
        assertEquals(2e9, parse(CsvReader.builder().regression().dtype(DataType.DOUBLE).build(),
                "1,0\n2,2000000000\n").labels().getDouble(1, 0));
    }
}
