package dev.classicnets.common.report;

import dev.classicnets.common.augment.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Segmentation masks as pictures: a fixed colour per class (background black, then twenty distinct
 * colours, then hues), a mask coloured, and an image with its mask laid over it. Labels outside the
 * classes (the ignore index) are white.
 */
public final class MaskColors {
    private MaskColors() {}

    private static final int[] COLOURS = {
        0x000000, 0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0, 0xf032e6, 0xbcf60c,
        0xfabebe, 0x008080, 0xe6beff, 0x9a6324, 0xfffac8, 0x800000, 0xaaffc3, 0x808000, 0xffd8b1, 0x000075, 0x808080};

    /** The colour of class {@code c} as 0xRRGGBB. */
    public static int rgb(int c, int numClasses) {
        if (c < 0 || c >= numClasses) {
            return 0xffffff;
        }
        if (c < COLOURS.length) {
            return COLOURS[c];
        }
        return java.awt.Color.HSBtoRGB((c * 0.618034f) % 1f, 0.8f, 0.9f) & 0xffffff;
    }

    /** The mask (h x w labels, row-major) as an RGB image. */
    public static Image colour(int[] labels, int h, int w, int numClasses) {
        float[] data = new float[3 * h * w];
        for (int p = 0; p < h * w; p++) {
            int rgb = rgb(labels[p], numClasses);
            data[p] = ((rgb >> 16) & 0xff) / 255f;
            data[h * w + p] = ((rgb >> 8) & 0xff) / 255f;
            data[2 * h * w + p] = (rgb & 0xff) / 255f;
        }
        return new Image(data, 3, h, w);
    }

    /** The image (grey or RGB, values in [0, 1]) with the non-background classes blended over it at {@code alpha}. */
    public static Image overlay(Image image, int[] labels, int numClasses, float alpha) {
        int h = image.height();
        int w = image.width();
        if (labels.length != h * w) {
            throw new IllegalArgumentException("a mask of " + labels.length + " labels does not fit a " + image);
        }
        Image colours = colour(labels, h, w, numClasses);
        float[] out = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            int src = image.channels() >= 3 ? c : 0;
            for (int p = 0; p < h * w; p++) {
                float v = image.data()[src * h * w + p];
                out[c * h * w + p] = labels[p] == 0 ? v : (1 - alpha) * v + alpha * colours.data()[c * h * w + p];
            }
        }
        return new Image(out, 3, h, w);
    }

    /** Writes an RGB (or grey) image in [0, 1] as a PNG, atomically. */
    public static void writePng(Image image, Path target) {
        int h = image.height();
        int w = image.width();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = level(image.get(0, y, x));
                int g = image.channels() >= 3 ? level(image.get(1, y, x)) : r;
                int bl = image.channels() >= 3 ? level(image.get(2, y, x)) : r;
                b.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        LearningCurves.writePng(b, target);
    }

    private static int level(float v) {
        return Math.round(255 * Math.max(0f, Math.min(1f, v)));
    }
}
