package dev.classicnets.common.augment;

import java.util.Random;

/**
 * A small random rotation and translation, per image: an angle uniform in [-maxDegrees, maxDegrees]
 * (positive turns counter-clockwise as displayed, about the image centre) and a shift uniform in
 * [-maxTranslate, maxTranslate] times the width (height), rounded to whole pixels as torchvision's
 * {@code RandomAffine} does. Bilinear sampling; pixels from outside the image get {@code fill}.
 */
public final class RandomAffine implements GeometricTransform {
    private final double maxDegrees;
    private final double maxTranslate;
    private final float fill;

    /**
     * @param maxDegrees the largest rotation either way, in [0, 180]
     * @param maxTranslate the largest shift as a fraction of the image side, in [0, 1]
     * @param fill the value of pixels that come from outside the image
     */
    public RandomAffine(double maxDegrees, double maxTranslate, float fill) {
        this.maxDegrees = Check.range("RandomAffine", "maxDegrees", maxDegrees, 0, 180);
        this.maxTranslate = Check.range("RandomAffine", "maxTranslate", maxTranslate, 0, 1);
        this.fill = Check.finite("RandomAffine", "fill", fill);
    }

    /** Rotation only, zero fill. */
    public static RandomAffine rotation(double maxDegrees) {
        return new RandomAffine(maxDegrees, 0, 0f);
    }

    /** Translation only, zero fill. */
    public static RandomAffine translation(double maxTranslate) {
        return new RandomAffine(0, maxTranslate, 0f);
    }

    @Override
    public Warp draw(int height, int width, Random rng) {
        double angle = maxDegrees == 0 ? 0 : Math.toRadians(maxDegrees * (2 * rng.nextDouble() - 1));
        long tx = maxTranslate == 0 ? 0 : Math.round(maxTranslate * width * (2 * rng.nextDouble() - 1));
        long ty = maxTranslate == 0 ? 0 : Math.round(maxTranslate * height * (2 * rng.nextDouble() - 1));
        return rotateAndShift(height, width, angle, tx, ty, fill);
    }

    /**
     * The warp that turns a {@code height x width} image by {@code radians} counter-clockwise (as
     * displayed, y pointing down) about its centre and then shifts it by (tx, ty) pixels.
     */
    public static Warp rotateAndShift(int height, int width, double radians, double tx, double ty, float fill) {
        if (radians == 0 && tx == 0 && ty == 0) {
            return Warp.identity(height, width);
        }
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        // forward: out - centre = R (in - centre) + t with R = [[cos, sin], [-sin, cos]] for y down;
        // the warp needs the inverse: in = centre + R^T (out - centre - t).
        double ox = cx + tx;
        double oy = cy + ty;
        return Warp.affine(height, width, height, width,
                cos, -sin, cx - cos * ox + sin * oy,
                sin, cos, cy - sin * ox - cos * oy, fill);
    }

    @Override
    public String toString() {
        return "RandomAffine(maxDegrees=" + maxDegrees + ", maxTranslate=" + maxTranslate + ", fill=" + fill + ")";
    }
}
