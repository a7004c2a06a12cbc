package dev.classicnets.common.augment;

import java.util.Random;

/**
 * A random window resized to {@code height x width}, drawn per image, with the sampling rule of
 * torchvision's {@code RandomResizedCrop} (Szegedy et al. 2015's "Inception" crop): up to 10 tries
 * of an area fraction uniform in [minScale, maxScale] and an aspect ratio (width / height) log-uniform
 * in [minRatio, maxRatio], the window's sides rounded to whole pixels and its position uniform; if no
 * try fits, the whole image cropped centrally to the nearest allowed aspect ratio. The window is
 * resized bilinearly as {@link Resize} does (no antialiasing).
 */
public final class RandomResizedCrop implements GeometricTransform {
    private static final int TRIES = 10;

    private final int height;
    private final int width;
    private final double minScale;
    private final double maxScale;
    private final double minRatio;
    private final double maxRatio;

    /** The usual ranges: scale (0.08, 1), ratio (3/4, 4/3). */
    public RandomResizedCrop(int height, int width) {
        this(height, width, 0.08, 1.0, 3.0 / 4, 4.0 / 3);
    }

    /**
     * @param height the output height, >= 1
     * @param width the output width, >= 1
     * @param minScale the smallest window area as a fraction of the image, in (0, maxScale]
     * @param maxScale the largest, in [minScale, 1]
     * @param minRatio the smallest width / height of the window, in (0, maxRatio]
     * @param maxRatio the largest
     */
    public RandomResizedCrop(int height, int width, double minScale, double maxScale, double minRatio,
            double maxRatio) {
        this.height = Check.atLeast("RandomResizedCrop", "height", height, 1);
        this.width = Check.atLeast("RandomResizedCrop", "width", width, 1);
        Check.interval("RandomResizedCrop", "scale (min, max)", minScale, maxScale, 1);
        Check.interval("RandomResizedCrop", "ratio (min, max)", minRatio, maxRatio, Double.POSITIVE_INFINITY);
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.minRatio = minRatio;
        this.maxRatio = maxRatio;
    }

    @Override
    public Warp draw(int inHeight, int inWidth, Random rng) {
        double area = (double) inHeight * inWidth;
        double logMin = Math.log(minRatio);
        double logMax = Math.log(maxRatio);
        for (int i = 0; i < TRIES; i++) {
            double target = area * uniform(rng, minScale, maxScale);
            double ratio = Math.exp(uniform(rng, logMin, logMax));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= inWidth && h <= inHeight) {
                int top = rng.nextInt(inHeight - h + 1);
                int left = rng.nextInt(inWidth - w + 1);
                return Warp.resize(inHeight, inWidth, top, left, h, w, height, width);
            }
        }
        // Fallback: the largest central window whose ratio is within range.
        double inRatio = (double) inWidth / inHeight;
        int w = inWidth;
        int h = inHeight;
        if (inRatio < minRatio) {
            h = (int) Math.max(1, Math.round(w / minRatio));
        } else if (inRatio > maxRatio) {
            w = (int) Math.max(1, Math.round(h * maxRatio));
        }
        return Warp.resize(inHeight, inWidth, (inHeight - h) / 2, (inWidth - w) / 2, h, w, height, width);
    }

    private static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    @Override
    public String toString() {
        return "RandomResizedCrop(" + height + "x" + width + ", scale=[" + minScale + ", " + maxScale + "], ratio=["
                + minRatio + ", " + maxRatio + "])";
    }
}
