package dev.ndgrad.examples.sequence;

import dev.ndgrad.examples.plot.Plots;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * The learning curves of a language model: training and validation loss (nats per character) against the
 * training step, beside the validation perplexity {@code e^loss}, each with the unigram baseline as a dashed line.
 */
final class LanguageModelCurves {

    private LanguageModelCurves() {}

    /** Writes the two charts side by side to {@code file}. */
    static Path save(int[] steps, double[] trainLoss, double[] validationLoss, double unigramLoss, String title,
            Path file) {
        double[] x = Arrays.stream(steps).asDoubleStream().toArray();
        double[] ends = {0, x[x.length - 1]};

        XYChart loss = Plots.lineChart(title + ": loss", "training step", "cross-entropy (nats per character)");
        Plots.addCurve(loss, "training (mean since the last point)", x, trainLoss);
        Plots.addCurve(loss, "validation", x, validationLoss);
        Plots.addDashedLine(loss, String.format(Locale.ROOT, "unigram baseline (%.2f)", unigramLoss), ends,
                new double[] {unigramLoss, unigramLoss}, Color.GRAY);
        loss.getStyler().setYAxisMin(0.0);

        XYChart perplexity = Plots.lineChart(title + ": validation perplexity", "training step", "perplexity e^loss");
        Plots.addCurve(perplexity, "validation", x, Arrays.stream(validationLoss).map(Math::exp).toArray());
        double unigram = Math.exp(unigramLoss);
        Plots.addDashedLine(perplexity, String.format(Locale.ROOT, "unigram baseline (%.1f)", unigram), ends,
                new double[] {unigram, unigram}, Color.GRAY);
        perplexity.getStyler().setYAxisMin(0.0);
        return Plots.saveSideBySide(file, loss, perplexity);
    }
}
