package dev.ndgrad.examples.demo;

import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.Datasets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The classification data sets that ship inside ndgrad, by the names the command line uses. */
public enum ShippedData {
    DIGITS("digits", Datasets::digits),
    IRIS("iris", Datasets::iris),
    BREAST_CANCER("breast-cancer", Datasets::breastCancer);

    private final String cliName;
    private final Supplier<Dataset> loader;

    ShippedData(String cliName, Supplier<Dataset> loader) {
        this.cliName = cliName;
        this.loader = loader;
    }

    public Dataset load() {
        return loader.get();
    }

    /** The name on the command line ({@code digits}, {@code iris}, {@code breast-cancer}). */
    public String cliName() {
        return cliName;
    }

    /** Parses a command-line name; {@code _} and {@code -} are interchangeable, case is ignored. */
    public static ShippedData parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ShippedData d : values()) {
            if (d.cliName.equals(wanted)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + name + "'; the shipped ones are "
                + Arrays.stream(values()).map(ShippedData::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
