package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a numeric CSV file (optionally gzipped, recognised by its content) into a {@link Dataset}: one example per
 * line, every column a number, one column the label. No quoting: the files this is for hold numbers only. Blank
 * lines are skipped, and so is a UTF-8 byte-order mark at the start of the file.
 *
 * <p>Cells are finite decimal numbers unless the builder says otherwise ({@link Builder#numbers}): {@code NaN},
 * {@code Infinity}, {@code 0x1p1} or {@code 2d} are errors by default, as is a value beyond the range of the
 * chosen dtype. Class labels are whole numbers {@code 0..k-1} with {@code k ≤ }{@link Dataset#MAX_CLASSES}. Every
 * error names the source, the line, the column and the cell.
 *
 * <p>The scikit-learn header ({@link Builder#sklearnHeader()}) is a first line {@code n,d,name0,name1,...}: the
 * number of examples, the number of features and the class names, as in the bundled {@code breast_cancer.csv}
 * and {@code iris.csv}; it is checked against the data.
 *
 * <pre>{@code
 * Dataset d = CsvReader.builder().sklearnHeader().build().read(Path.of("iris.csv"));
 * Dataset r = CsvReader.builder().skipLines(1).labelColumn(0).regression().build().read(path);
 * }</pre>
 */
public final class CsvReader {

    private final char delimiter;
    private final int skipLines;
    private final boolean sklearnHeader;
    private final int labelColumn;
    private final boolean classification;
    private final DataType dtype;
    private final NumberSyntax numbers;
    private final double largestFinite;

    private CsvReader(Builder b) {
        this.delimiter = b.delimiter;
        this.skipLines = b.skipLines;
        this.sklearnHeader = b.sklearnHeader;
        this.labelColumn = b.labelColumn;
        this.classification = b.classification;
        this.dtype = b.dtype;
        this.numbers = b.numbers;
        this.largestFinite = largestFinite(b.dtype);
    }

    /** A builder: comma-separated, no header, the last column a class label, features of the default dtype. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads a file. */
    public Dataset read(Path file) {
        try (InputStream in = DataFiles.open(file, "CsvReader")) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("CsvReader: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a stream (gzipped or not); {@code source} names it in error messages. */
    public Dataset read(InputStream in, String source) {
        checkNotNull(in, "CsvReader: stream");
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(DataFiles.decompressIfGzip(in), StandardCharsets.UTF_8));
            skipByteOrderMark(reader);
            return parse(reader, source);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvReader: cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Skips U+FEFF at the very start, which editors on Windows write before UTF-8 text. */
    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    private Dataset parse(BufferedReader reader, String source) throws IOException {
        int lineNumber = 0;
        Header header = null;
        for (int i = 0; i < skipLines; i++, lineNumber++) {
            if (reader.readLine() == null) {
                throw new IllegalArgumentException("CsvReader: " + source + " ends within the " + skipLines
                        + " lines to skip");
            }
        }
        if (sklearnHeader) {
            String line = reader.readLine();
            lineNumber++;
            checkArgument(line != null, "CsvReader: %s is empty, expected the header n,d,class names", source);
            header = Header.parse(line, delimiter, source);
        }
        List<double[]> rows = new ArrayList<>();
        int columns = -1;
        int label = -1;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line);
            if (columns < 0) {
                columns = cells.size();
                checkArgument(columns >= 2, "CsvReader: %s line %s has %s column(s); need features and a label",
                        source, lineNumber, columns);
                label = labelColumn < 0 ? columns + labelColumn : labelColumn;
                checkArgument(label >= 0 && label < columns,
                        "CsvReader: label column %s out of range for %s columns in %s", labelColumn, columns, source);
            } else if (cells.size() != columns) {
                throw new IllegalArgumentException("CsvReader: " + source + " line " + lineNumber + ": expected "
                        + columns + " columns, got " + cells.size());
            }
            rows.add(parseRow(cells, label, source, lineNumber));
        }
        checkArgument(!rows.isEmpty(), "CsvReader: %s has no data rows", source);
        if (header != null) {
            header.check(rows.size(), columns - 1, source);
        }
        return toDataset(rows, columns, label, header);
    }

    private double[] parseRow(List<String> cells, int label, String source, int lineNumber) {
        double[] row = new double[cells.size()];
        for (int c = 0; c < row.length; c++) {
            String cell = cells.get(c).strip();
            double value;
            try {
                value = numbers.parse(cell);
            } catch (NumberFormatException e) {
                throw cellError(source, lineNumber, c, cell, e.getMessage(), e);
            }
            if (c == label && classification) {
                if (!(value == Math.rint(value) && value >= 0 && value < Dataset.MAX_CLASSES)) {
                    throw cellError(source, lineNumber, c, cell, "is not a class label: labels are class indices "
                            + "0..k-1 with k <= " + Dataset.MAX_CLASSES + " (is this column a regression target? read "
                            + "it with regression())", null);
                }
            } else if (numbers == NumberSyntax.FINITE_DECIMAL && Math.abs(value) > largestFinite) {
                throw cellError(source, lineNumber, c, cell, "is beyond the range of " + dtype + " (largest finite "
                        + "value " + largestFinite + ")", null);
            }
            row[c] = value;
        }
        return row;
    }

    private static IllegalArgumentException cellError(String source, int line, int column, String cell, String problem,
            Throwable cause) {
        return new IllegalArgumentException("CsvReader: " + source + " line " + line + " column " + (column + 1) + ": '"
                + cell + "' " + problem, cause);
    }

    /** The largest finite value of a floating dtype: beyond it a value would become infinite when cast. */
    private static double largestFinite(DataType dtype) {
        return switch (dtype) {
            case HALF -> 65504;
            case BFLOAT16 -> 0x1.fep127;
            case FLOAT -> Float.MAX_VALUE;
            default -> Double.MAX_VALUE;
        };
    }

    private List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        for (int i = line.indexOf(delimiter); i >= 0; i = line.indexOf(delimiter, start)) {
            cells.add(line.substring(start, i));
            start = i + 1;
        }
        cells.add(line.substring(start));
        return cells;
    }

    private Dataset toDataset(List<double[]> rows, int columns, int label, Header header) {
        int n = rows.size();
        int d = columns - 1;
        double[] features = new double[n * d];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = rows.get(i);
            System.arraycopy(row, 0, features, i * d, label);
            System.arraycopy(row, label + 1, features, i * d + label, d - label);
            labels[i] = row[label];
        }
        INDArray x = Nd4j.create(features, new long[] {n, d}, 'c').castTo(dtype);
        if (!classification) {
            return Dataset.regression(x, Nd4j.createFromArray(labels).castTo(dtype));
        }
        long[] classes = new long[n];
        for (int i = 0; i < n; i++) {
            classes[i] = (long) labels[i];   // checked in parseRow: whole numbers in 0..MAX_CLASSES-1
        }
        INDArray y = Nd4j.createFromArray(classes);
        return header != null && !header.classNames.isEmpty()
                ? Dataset.classification(x, y, header.classNames)
                : Dataset.classification(x, y);
    }

    /** The scikit-learn header {@code n,d,name0,name1,...}. */
    private record Header(long rows, long features, List<String> classNames) {

        static Header parse(String line, char delimiter, String source) {
            String[] cells = line.split(Pattern.quote(String.valueOf(delimiter)), -1);
            try {
                checkArgument(cells.length >= 2, "too few cells");
                List<String> names = Arrays.stream(cells, 2, cells.length).map(String::strip).toList();
                return new Header(Long.parseLong(cells[0].strip()), Long.parseLong(cells[1].strip()), names);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("CsvReader: " + source + ": first line '" + line
                        + "' is not a header n,d,class names", e);
            }
        }

        void check(int actualRows, int actualFeatures, String source) {
            checkArgument(rows == actualRows && features == actualFeatures,
                    "CsvReader: %s header says %s rows of %s features, the file has %s rows of %s features", source,
                    rows, features, actualRows, actualFeatures);
        }
    }

    /** Configures a {@link CsvReader}. */
    public static final class Builder {
        private char delimiter = ',';
        private int skipLines;
        private boolean sklearnHeader;
        private int labelColumn = -1;
        private boolean classification = true;
        private DataType dtype = Nd4j.defaultFloatingPointType();
        private NumberSyntax numbers = NumberSyntax.FINITE_DECIMAL;

        private Builder() {
        }

        public Builder delimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /** Lines to ignore at the top (e.g. a header of column names); read before any scikit-learn header. */
        public Builder skipLines(int lines) {
            checkArgument(lines >= 0, "CsvReader: lines to skip must be >= 0, got %s", lines);
            this.skipLines = lines;
            return this;
        }

        /** The first (remaining) line is the scikit-learn header {@code n,d,class names...}: check and use it. */
        public Builder sklearnHeader() {
            this.sklearnHeader = true;
            return this;
        }

        /** The label's column, 0-based; negative counts from the end ({@code -1}, the default, is the last). */
        public Builder labelColumn(int column) {
            this.labelColumn = column;
            return this;
        }

        /** Labels are class indices 0, 1, ... (the default). */
        public Builder classification() {
            this.classification = true;
            return this;
        }

        /** Labels are real-valued targets. */
        public Builder regression() {
            this.classification = false;
            return this;
        }

        /** The features' floating dtype (default {@link Nd4j#defaultFloatingPointType()}). */
        public Builder dtype(DataType dtype) {
            checkArgument(dtype.isFPType(), "CsvReader: dtype %s is not floating", dtype);
            this.dtype = dtype;
            return this;
        }

        /**
         * Which spellings of numbers to accept (default {@link NumberSyntax#FINITE_DECIMAL}: finite decimals
         * only, within the range of the dtype). {@link NumberSyntax#DECIMAL_OR_NON_FINITE} also takes NaN and
         * infinities, {@link NumberSyntax#JAVA} whatever {@link Double#parseDouble} takes.
         */
        public Builder numbers(NumberSyntax syntax) {
            this.numbers = checkNotNull(syntax, "CsvReader: number syntax is null");
            return this;
        }

        public CsvReader build() {
            return new CsvReader(this);
        }
    }
}
