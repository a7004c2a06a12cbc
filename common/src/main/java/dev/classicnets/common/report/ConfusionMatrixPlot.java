package dev.classicnets.common.report;

import dev.classicnets.common.metrics.ConfusionMatrix;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A confusion-matrix heatmap: rows are true classes, columns predicted ones, each cell shaded by
 * the share of its true class (so rare classes read as clearly as common ones) and labelled with
 * its count.
 */
public final class ConfusionMatrixPlot {
    private ConfusionMatrixPlot() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Draws {@code counts} (K x K) with the class names and writes {@code target} atomically. */
    public static void write(long[][] counts, List<String> classNames, String title, Path target) {
        int k = counts.length;
        if (classNames.size() != k) {
            throw new IllegalArgumentException(k + "x" + k + " confusion matrix but " + classNames.size()
                    + " class names");
        }
        double[][] share = ConfusionMatrix.normalizeByTrueClass(counts);
        int cell = Math.max(36, Math.min(64, 640 / Math.max(k, 1)));
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, cell / 4));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(labelFont);
        int nameWidth = classNames.stream().mapToInt(fm::stringWidth).max().orElse(0);
        int left = nameWidth + 40;
        int top = 50;
        int bottom = nameWidth + 40;
        int width = left + k * cell + 30;
        int height = top + k * cell + bottom;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(labelFont.deriveFont(Font.BOLD, 15f));
        g.drawString(title, left, 25);
        g.setFont(labelFont);
        g.drawString("predicted", left + k * cell / 2 - 30, height - 8);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString("true", -(top + k * cell / 2 + 12), 14);
        g.setTransform(saved);

        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double v = Double.isNaN(share[i][j]) ? 0 : share[i][j];
                Color c = shade(v);
                g.setColor(c);
                g.fillRect(left + j * cell, top + i * cell, cell, cell);
                g.setColor(v > 0.5 ? Color.WHITE : Color.BLACK);
                g.setFont(cellFont);
                String text = Long.toString(counts[i][j]);
                FontMetrics cm = g.getFontMetrics();
                g.drawString(text, left + j * cell + (cell - cm.stringWidth(text)) / 2,
                        top + i * cell + (cell + cm.getAscent()) / 2 - 2);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, k * cell, k * cell);
        g.setColor(Color.BLACK);
        g.setFont(labelFont);
        for (int i = 0; i < k; i++) {
            String name = classNames.get(i);
            g.drawString(name, left - 8 - fm.stringWidth(name), top + i * cell + (cell + fm.getAscent()) / 2 - 2);
            AffineTransform t = g.getTransform();
            g.translate(left + i * cell + (cell + fm.getAscent()) / 2 - 2, top + k * cell + 8);
            g.rotate(Math.PI / 2);
            g.drawString(name, 0, 0);
            g.setTransform(t);
        }
        g.dispose();
        LearningCurves.writePng(img, target);
    }

    /** White to dark blue. */
    private static Color shade(double v) {
        double t = Math.max(0, Math.min(1, v));
        int r = (int) Math.round(255 - t * (255 - 8));
        int gr = (int) Math.round(255 - t * (255 - 48));
        int b = (int) Math.round(255 - t * (255 - 107));
        return new Color(r, gr, b);
    }

    /** The share in [0, 1] formatted for a legend or log. */
    static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
}
