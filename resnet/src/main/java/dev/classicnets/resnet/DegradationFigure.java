package dev.classicnets.resnet;

import dev.classicnets.common.report.LearningCurves;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The degradation experiment's figure, after He et al. 2016, Figure 6: error per epoch of plain
 * networks (left) and residual networks (right) of 20 and 56 layers, training error dashed and
 * held-out (validation) error bold, one colour per depth, both panels on the same scale.
 *
 * <p>Training error is 1 - the accuracy the training pass measured over the epoch (in training
 * mode, on augmented images), as the paper's curves are.
 */
final class DegradationFigure {

    static final String PNG = "degradation.png";
    static final String CSV = "degradation.csv";

    private static final Color SHALLOW = new Color(0xE6, 0x9F, 0x00); // 20 layers
    private static final Color DEEP = new Color(0x00, 0x5A, 0xB5); // 56 layers

    private final Map<String, RunResult> results;

    /** @param results by network label ("plain-20", "ResNet-56", ...), each with its per-epoch history */
    DegradationFigure(Map<String, RunResult> results) {
        this.results = results;
    }

    /** 1 - {@code accuracyKey} per epoch, as percentages. */
    static double[] errorPercent(RunResult r, String accuracyKey) {
        return r.history().stream().mapToDouble(row -> 100 * (1 - row.get(accuracyKey))).toArray();
    }

    /** The last epoch's training error of {@code label}, in percent. */
    double finalTrainingError(String label) {
        double[] e = errorPercent(results.get(label), "train_accuracy");
        return e[e.length - 1];
    }

    void writePng(Path target) {
        double max = 0;
        for (RunResult r : results.values()) {
            for (String key : List.of("train_accuracy", "validate_accuracy")) {
                for (double e : errorPercent(r, key)) {
                    if (!Double.isNaN(e)) {
                        max = Math.max(max, e);
                    }
                }
            }
        }
        double top = Math.ceil(max / 5) * 5;
        BufferedImage left = BitmapEncoder.getBufferedImage(panel("plain networks", "plain-", top));
        BufferedImage right = BitmapEncoder.getBufferedImage(panel("residual networks", "ResNet-", top));
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), left.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        LearningCurves.writePng(both, target);
    }

    private XYChart panel(String title, String prefix, double top) {
        XYChart chart = new XYChartBuilder().width(640).height(480).title(title + " (dashed: training, bold: "
                + "validation)").xAxisTitle("epoch").yAxisTitle("error (%)").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(top).setXAxisDecimalPattern("0").setYAxisDecimalPattern("0.#")
                .setMarkerSize(5);
        for (Map.Entry<String, RunResult> e : results.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            Color colour = e.getKey().endsWith("-20") ? SHALLOW : DEEP;
            add(chart, e.getKey() + " train", e.getValue(), "train_accuracy", colour,
                    new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
            add(chart, e.getKey() + " validation", e.getValue(), "validate_accuracy", colour, new BasicStroke(3.5f));
        }
        return chart;
    }

    private static void add(XYChart chart, String name, RunResult r, String key, Color colour, BasicStroke line) {
        double[] errors = errorPercent(r, key);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < errors.length; i++) {
            if (!Double.isNaN(errors[i])) {
                xs.add((double) (i + 1));
                ys.add(errors[i]);
            }
        }
        if (xs.isEmpty()) {
            return; // no validation set
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineStyle(line);
    }

    /** epoch, then training and validation error (%) of every network, one row per epoch. */
    void writeCsv(Path target) {
        StringBuilder sb = new StringBuilder("epoch");
        for (String label : results.keySet()) {
            sb.append(',').append(label).append("_train_error,").append(label).append("_validation_error");
        }
        sb.append('\n');
        int epochs = results.values().stream().mapToInt(r -> r.history().size()).max().orElse(0);
        for (int i = 0; i < epochs; i++) {
            sb.append(i + 1);
            for (RunResult r : results.values()) {
                double[] train = errorPercent(r, "train_accuracy");
                double[] validation = errorPercent(r, "validate_accuracy");
                sb.append(',').append(i < train.length ? format(train[i]) : "")
                        .append(',').append(i < validation.length ? format(validation[i]) : "");
            }
            sb.append('\n');
        }
        RunDirectory.writeAtomically(target, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Per network: the last epoch's training and validation error, and the test error. */
    String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s %15s %17s %11s%n", "network",
                "training error", "validation error", "test error"));
        for (Map.Entry<String, RunResult> e : results.entrySet()) {
            double[] validation = errorPercent(e.getValue(), "validate_accuracy");
            sb.append(String.format(Locale.ROOT, "%-10s %14.2f%% %16.2f%% %10.2f%%%n", e.getKey(),
                    finalTrainingError(e.getKey()), validation[validation.length - 1],
                    100 * (1 - e.getValue().testAccuracy())));
        }
        return sb.toString();
    }

    /** Whether depth hurt the plain networks and helped the residual ones, by final training error. */
    String verdict() {
        return compare("plain-56", "plain-20") + "\n" + compare("ResNet-56", "ResNet-20");
    }

    private String compare(String deep, String shallow) {
        double d = finalTrainingError(deep);
        double s = finalTrainingError(shallow);
        String how = d > s ? "worse than" : d < s ? "better than" : "as well as";
        return String.format(Locale.ROOT, "%s trains %s %s (final training error %.2f%% vs %.2f%%)", deep, how,
                shallow, d, s);
    }
}
