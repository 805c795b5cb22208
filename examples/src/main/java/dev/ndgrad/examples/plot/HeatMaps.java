package dev.ndgrad.examples.plot;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Heat maps of a matrix (attention weights, a confusion matrix): one coloured cell per entry, from white at
 * {@code min} to dark blue at {@code max}, with a colour scale beside it. Row {@code 0} of the matrix is drawn at
 * the top, as a matrix is read.
 */
public final class HeatMaps {

    private static final Color[] WHITE_TO_BLUE = {Color.WHITE, new Color(107, 174, 214), new Color(8, 48, 107)};

    private HeatMaps() {}

    /**
     * A heat map of {@code values[row][column]} with the given labels along the axes (labels may repeat: cells are
     * placed by index) and the colour scale fixed to {@code [min, max]}.
     */
    public static HeatMapChart of(String title, String columnTitle, String rowTitle, List<String> columnLabels,
            List<String> rowLabels, double[][] values, double min, double max, int width, int height) {
        checkArgument(values.length == rowLabels.size() && values.length > 0, "HeatMaps '%s': %s rows but %s labels",
                title, values.length, rowLabels.size());
        checkArgument(min < max, "HeatMaps '%s': empty colour range [%s, %s]", title, min, max);
        int rows = values.length;
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            checkArgument(values[r].length == columnLabels.size(), "HeatMaps '%s': row %s has %s values but there are "
                    + "%s column labels", title, r, values[r].length, columnLabels.size());
            for (int c = 0; c < values[r].length; c++) {
                cells.add(new Number[] {c, rows - 1 - r, values[r][c]});   // the chart's y axis points up
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(columnTitle).yAxisTitle(rowTitle).build();
        chart.getStyler().setRangeColors(WHITE_TO_BLUE).setMin(min).setMax(max)
                .setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.addSeries(title, columnLabels, reversed(rowLabels), cells);
        return chart;
    }

    private static List<String> reversed(List<String> labels) {
        List<String> copy = new ArrayList<>(labels);
        Collections.reverse(copy);
        return copy;
    }
}
