package dev.classicnets.common.report;

import dev.classicnets.common.augment.Image;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A grid of images with a caption under each, as PNG: misclassified test images, predicted masks,
 * generated samples. Images are CHW floats; 1 channel is drawn grey, 3 as RGB; values are clamped
 * to [0, 1] (pass images before normalisation). Small images are scaled up (nearest neighbour) so
 * that a 28x28 digit is readable.
 */
public final class ImageGrid {
    private ImageGrid() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * Writes the grid to {@code target} atomically.
     *
     * @param captions one per image (may be shorter: missing captions are blank)
     * @param columns images per row
     */
    public static void write(List<Image> images, List<String> captions, int columns, String title, Path target) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an image grid needs at least one image");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1, got " + columns);
        }
        int h = images.get(0).height();
        int w = images.get(0).width();
        int scale = Math.max(1, 96 / Math.max(h, w));
        int cellW = Math.max(w * scale, 110);
        int captionH = 34;
        int rows = (images.size() + columns - 1) / columns;
        int top = title == null ? 6 : 30;
        BufferedImage out = new BufferedImage(columns * (cellW + 6) + 6, top + rows * (h * scale + captionH + 6),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        if (title != null) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, 8, 21);
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        for (int n = 0; n < images.size(); n++) {
            Image img = images.get(n);
            if (img.height() != h || img.width() != w) {
                throw new IllegalArgumentException("image " + n + " is " + img + ", the first is " + h + "x" + w);
            }
            int x0 = 6 + (n % columns) * (cellW + 6) + (cellW - w * scale) / 2;
            int y0 = top + (n / columns) * (h * scale + captionH + 6);
            g.drawImage(toBuffered(img, scale), x0, y0, null);
            if (n < captions.size() && captions.get(n) != null) {
                String[] lines = captions.get(n).split("\n", 2);
                for (int l = 0; l < lines.length; l++) {
                    String line = lines[l];
                    int cx = 6 + (n % columns) * (cellW + 6) + (cellW - fm.stringWidth(line)) / 2;
                    g.drawString(line, Math.max(cx, 2), y0 + h * scale + 14 + 14 * l);
                }
            }
        }
        g.dispose();
        LearningCurves.writePng(out, target);
    }

    private static BufferedImage toBuffered(Image img, int scale) {
        int h = img.height();
        int w = img.width();
        BufferedImage b = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        boolean rgb = img.channels() >= 3;
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int r = level(img.get(0, y / scale, x / scale));
                int gg = rgb ? level(img.get(1, y / scale, x / scale)) : r;
                int bb = rgb ? level(img.get(2, y / scale, x / scale)) : r;
                b.setRGB(x, y, (r << 16) | (gg << 8) | bb);
            }
        }
        return b;
    }

    private static int level(float v) {
        return (int) Math.round(255 * Math.max(0f, Math.min(1f, v)));
    }
}
