package dev.classicnets.common.report;

import dev.classicnets.common.io.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves as one PNG: loss (left) and accuracy (right) per epoch, training against
 * validation, with the best epoch marked.
 */
public final class LearningCurves {
    private LearningCurves() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * Draws one panel per metric from metrics rows (keys as in metrics.csv: {@code epoch},
     * {@code train_<m>} and {@code validate_<m>}, or a metric's own key), two panels a row, and writes
     * {@code target} atomically.
     *
     * @param metrics the metrics to draw, e.g. {@code loss, accuracy}
     * @param bestEpoch the epoch to mark on each validation series, or 0 for none
     */
    public static void write(List<Map<String, Double>> rows, List<String> metrics, int bestEpoch, String title,
            Path target) {
        List<BufferedImage> panels = new ArrayList<>();
        for (String m : metrics) {
            boolean split = rows.stream().anyMatch(r -> r.containsKey("train_" + m) || r.containsKey("validate_" + m));
            panels.add(BitmapEncoder.getBufferedImage(split
                    ? chart(title + ": " + m, m, rows, "train_" + m, "validate_" + m, bestEpoch)
                    : chart(title + ": " + m, m, rows, m, null, bestEpoch)));
        }
        int w = panels.get(0).getWidth();
        int h = panels.get(0).getHeight();
        int columns = Math.min(2, panels.size());
        int lines = (panels.size() + 1) / 2;
        BufferedImage all = new BufferedImage(w * columns, h * lines, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), (i % 2) * w, (i / 2) * h, null);
        }
        g.dispose();
        writePng(all, target);
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

    /** Encodes {@code image} as PNG and writes it atomically. */
    public static void writePng(BufferedImage image, Path target) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            AtomicFiles.write(target, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
