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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learning curves as one PNG: loss (left) and accuracy (right) per epoch, training against
 * validation, with the best epoch marked. The panels are drawn by XChart, an optional dependency
 * (the recipes have it; a project using the library adds {@code org.knowm.xchart:xchart} to get the
 * PNG): without it {@link #write} logs once and writes nothing, metrics.csv holding the same figures.
 */
public final class LearningCurves {
    private static final Logger LOG = LoggerFactory.getLogger(LearningCurves.class);
    private static final boolean XCHART = onClasspath("org.knowm.xchart.XYChart");
    private static volatile boolean toldMissing;

    private LearningCurves() {}

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, LearningCurves.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

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
        if (!XCHART) {
            if (!toldMissing) {
                toldMissing = true;
                LOG.info("no {}: XChart (org.knowm.xchart:xchart) is not on the classpath", target.getFileName());
            }
            return;
        }
        List<BufferedImage> panels = new ArrayList<>();
        for (String m : metrics) {
            boolean split = rows.stream().anyMatch(r -> r.containsKey("train_" + m) || r.containsKey("validate_" + m));
            panels.add(split ? XChartPanels.panel(title + ": " + m, m, rows, "train_" + m, "validate_" + m, bestEpoch)
                    : XChartPanels.panel(title + ": " + m, m, rows, m, null, bestEpoch));
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
