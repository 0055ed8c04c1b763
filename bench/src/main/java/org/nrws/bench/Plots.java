package org.nrws.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Small XChart helpers for the bench plots. */
public final class Plots {

    private Plots() {
    }

    /**
     * Draws one line chart with a series per entry and saves it as a PNG.
     *
     * @param file   the PNG file (parent folders are created)
     * @param title  the chart title
     * @param xLabel the x-axis label
     * @param yLabel the y-axis label
     * @param series name to {x, y} arrays
     * @param logY   logarithmic y axis
     * @throws IOException when the file cannot be written
     */
    public static void line(Path file, String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean logY)
            throws IOException {
        XYChart c = chart(title, xLabel, yLabel, logY);
        series.forEach((name, xy) -> c.addSeries(name, xy[0], xy[1]).setMarker(SeriesMarkers.CIRCLE));
        save(c, file);
    }

    /**
     * @param title  title
     * @param xLabel x label
     * @param yLabel y label
     * @param logY   logarithmic y axis
     * @return a new 800x500 chart with the bench style
     */
    public static XYChart chart(String title, String xLabel, String yLabel, boolean logY) {
        XYChart c = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setPlotBackgroundColor(java.awt.Color.WHITE);
        return c;
    }

    /**
     * Saves a chart as a PNG.
     *
     * @param chart the chart
     * @param file  the file
     * @throws IOException on an I/O failure
     */
    public static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * @param values a list of numbers
     * @return them as an array
     */
    public static double[] array(List<? extends Number> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i).doubleValue();
        }
        return a;
    }
}
