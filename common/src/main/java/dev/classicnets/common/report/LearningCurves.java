package dev.classicnets.common.report;

import dev.classicnets.common.train.RunDirectory;
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
     * Draws the curves from metrics rows (keys as in metrics.csv: epoch, train_loss,
     * train_accuracy, validate_loss, validate_accuracy) and writes {@code target} atomically.
     *
     * @param bestEpoch the epoch to mark, or 0 for none
     */
    public static void write(List<Map<String, Double>> rows, int bestEpoch, String title, Path target) {
        XYChart loss = chart(title + ": loss", "loss", rows, "train_loss", "validate_loss", bestEpoch);
        XYChart accuracy = chart(title + ": accuracy", "accuracy", rows, "train_accuracy", "validate_accuracy",
                bestEpoch);
        BufferedImage left = BitmapEncoder.getBufferedImage(loss);
        BufferedImage right = BitmapEncoder.getBufferedImage(accuracy);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        writePng(both, target);
    }

    private static XYChart chart(String title, String yLabel, List<Map<String, Double>> rows, String trainKey,
            String validateKey, int bestEpoch) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch")
                .yAxisTitle(yLabel).build();
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setXAxisDecimalPattern("0");
        addSeries(chart, "train", rows, trainKey);
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
            RunDirectory.writeAtomically(target, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
