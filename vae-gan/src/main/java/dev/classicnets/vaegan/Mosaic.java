package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import dev.classicnets.common.Require;
import dev.classicnets.common.report.LearningCurves;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A compact grid of images without captions (samples, reconstructions, interpolations) as PNG: images
 * (N, C, H, W) with pixels in [0, 1], one channel grey or three RGB, scaled up 2x, 2 px apart, under a
 * one-line title.
 */
final class Mosaic {
    private Mosaic() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static void write(NDArray images, int columns, String title, Path target) {
        long[] s = images.getShape().getShape();
        Require.that(s.length == 4 && (s[1] == 1 || s[1] == 3), "a mosaic takes (N, 1 or 3, H, W) images, got "
                + images.getShape());
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        float[] px = images.toFloatArray();
        int scale = 2;
        int gap = 2;
        int top = 22;
        int rows = (n + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * (w * scale + gap) + gap,
                top + rows * (h * scale + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(title, 4, 15);
        g.dispose();
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int x0 = gap + (i % columns) * (w * scale + gap);
            int y0 = top + (i / columns) * (h * scale + gap);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int base = i * c * plane + y * w + x;
                    int r = level(px[base]);
                    int gr = c == 3 ? level(px[base + plane]) : r;
                    int b = c == 3 ? level(px[base + 2 * plane]) : r;
                    int rgb = (r << 16) | (gr << 8) | b;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        LearningCurves.writePng(out, target);
    }

    private static int level(float v) {
        return Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}
