package org.nrws.app.run;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nrws.checkpoint.AtomicFiles;

/**
 * The learning-curve plots (XChart), written atomically as PNG: {@code curves.png} of one run
 * (log-likelihood against updates and against training seconds, side by side) and the overlaid
 * curves of several runs ({@code compare.png}).
 */
public final class Charts {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 440;

    private Charts() {
    }

    /**
     * Plots one run's train, validation and test log-likelihoods during training, and the final
     * test value as a single marker.
     *
     * @param rows  the metrics rows
     * @param title the plot title (algorithm, data)
     * @param png   the output file
     * @throws IOException on a write error
     */
    public static void curves(List<MetricsCsv.Row> rows, String title, Path png) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (boolean vsTime : new boolean[] {false, true}) {
            ToDoubleFunction<MetricsCsv.Row> x = vsTime ? MetricsCsv.Row::wallS : r -> (double) r.updates();
            XYChart c = chart(title, vsTime ? "training seconds" : "updates");
            List<MetricsCsv.Row> monitor = rows.stream().filter(r -> r.kind().equals("monitor")).toList();
            addSeries(c, "train (subset)", monitor, x, MetricsCsv.Row::trainLl);
            addSeries(c, "valid (subset)", monitor, x, MetricsCsv.Row::validLl);
            addSeries(c, "test (subset)", monitor, x, MetricsCsv.Row::testLl);
            List<MetricsCsv.Row> fin = rows.stream().filter(r -> r.kind().equals("final")).toList();
            XYSeries s = addSeries(c, "test (final, full)", fin, x, MetricsCsv.Row::testLl);
            if (s != null) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.DIAMOND);
                s.setMarkerColor(Color.BLACK);
            }
            charts.add(c);
        }
        save(charts, png);
    }

    /**
     * Overlays the test log-likelihood curves of several runs.
     *
     * @param runs  run label (e.g. the algorithm) to its metrics rows
     * @param title the plot title
     * @param png   the output file
     * @throws IOException on a write error
     */
    public static void compare(Map<String, List<MetricsCsv.Row>> runs, String title, Path png) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (boolean vsTime : new boolean[] {false, true}) {
            ToDoubleFunction<MetricsCsv.Row> x = vsTime ? MetricsCsv.Row::wallS : r -> (double) r.updates();
            XYChart c = chart(title, vsTime ? "training seconds" : "updates");
            for (Map.Entry<String, List<MetricsCsv.Row>> e : runs.entrySet()) {
                List<MetricsCsv.Row> monitor = e.getValue().stream().filter(r -> r.kind().equals("monitor")).toList();
                addSeries(c, e.getKey() + " test (subset)", monitor, x, MetricsCsv.Row::testLl);
            }
            charts.add(c);
        }
        save(charts, png);
    }

    private static XYChart chart(String title, String xTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle("log-likelihood (nats)").build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(12f));
        return c;
    }

    private static XYSeries addSeries(XYChart c, String name, List<MetricsCsv.Row> rows, ToDoubleFunction<MetricsCsv.Row> x,
                                      Function<MetricsCsv.Row, Double> y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (MetricsCsv.Row r : rows) {
            Double v = y.apply(r);
            if (v != null && Double.isFinite(v)) {
                xs.add(x.applyAsDouble(r));
                ys.add(v);
            }
        }
        if (xs.isEmpty()) {
            return null;
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    private static void save(List<XYChart> charts, Path png) throws IOException {
        for (XYChart c : charts) {
            if (c.getSeriesMap().isEmpty()) {
                // XChart cannot draw a chart without series: a placeholder says there is nothing yet.
                c.addSeries("(no data)", new double[] {0}, new double[] {0});
            }
        }
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG));
    }
}
