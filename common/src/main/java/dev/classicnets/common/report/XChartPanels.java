package dev.classicnets.common.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The XChart half of {@link LearningCurves}, in a class of its own so that {@code LearningCurves}
 * loads (and skips the PNG) when the optional XChart jar is absent.
 */
final class XChartPanels {
    private XChartPanels() {}

    /** One panel: {@code trainKey} (and {@code validateKey} with the best epoch marked, if not null) per epoch. */
    static BufferedImage panel(String title, String yLabel, List<Map<String, Double>> rows, String trainKey,
            String validateKey, int bestEpoch) {
        return BitmapEncoder.getBufferedImage(chart(title, yLabel, rows, trainKey, validateKey, bestEpoch));
    }

    private static XYChart chart(String title, String yLabel, List<Map<String, Double>> rows, String trainKey,
            String validateKey, int bestEpoch) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch")
                .yAxisTitle(yLabel).build();
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setXAxisDecimalPattern("0");
        addSeries(chart, validateKey == null ? yLabel : "train", rows, trainKey);
        if (validateKey == null) {
            return chart;
        }
        addSeries(chart, "validation", rows, validateKey);
        if (bestEpoch > 0) {
            for (Map<String, Double> row : rows) {
                Double v = row.get(validateKey);
                if (row.get("epoch").intValue() == bestEpoch && v != null && !v.isNaN()) {
                    XYSeries best = chart.addSeries("best epoch " + bestEpoch, new double[] {bestEpoch},
                            new double[] {v});
                    best.setMarker(SeriesMarkers.DIAMOND);
                    best.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                }
            }
        }
        return chart;
    }

    private static void addSeries(XYChart chart, String name, List<Map<String, Double>> rows, String key) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Map<String, Double> row : rows) {
            Double v = row.get(key);
            if (v != null && !v.isNaN()) {
                xs.add(row.get("epoch"));
                ys.add(v);
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
    }
}
