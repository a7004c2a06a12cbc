package dev.classicnets.vaegan;

import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.report.LearningCurves;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;

/** Two-dimensional codes as a scatter plot, one colour per class, with a legend (PNG). */
final class LatentScatter {
    private LatentScatter() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    /** {@code codes} holds (x, y) per image of {@code images}, in order. */
    static void write(float[] codes, LabeledImages images, Path target) {
        int size = 640;
        int margin = 40;
        int legend = 170;
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float c : codes) {
            lo = Math.min(lo, c);
            hi = Math.max(hi, c);
        }
        float span = Math.max(hi - lo, 1e-6f);
        BufferedImage out = new BufferedImage(size + legend, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(margin, margin, size - 2 * margin, size - 2 * margin);
        int plot = size - 2 * margin;
        for (int i = 0; i < images.size(); i++) {
            int x = margin + Math.round((codes[2 * i] - lo) / span * plot);
            int y = size - margin - Math.round((codes[2 * i + 1] - lo) / span * plot);
            g.setColor(COLOURS[images.label(i) % COLOURS.length]);
            g.fillOval(x - 2, y - 2, 4, 4);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(String.format(Locale.ROOT, "test images' mean codes (z1, z2), both axes %.1f to %.1f", lo, hi),
                margin, 25);
        for (int c = 0; c < images.numClasses(); c++) {
            g.setColor(COLOURS[c % COLOURS.length]);
            g.fillOval(size + 4, margin + 22 * c, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(images.classNames().get(c), size + 20, margin + 22 * c + 10);
        }
        g.dispose();
        LearningCurves.writePng(out, target);
    }
}
