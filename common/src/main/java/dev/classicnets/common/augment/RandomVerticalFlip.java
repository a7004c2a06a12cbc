package dev.classicnets.common.augment;

import java.util.Random;

/** Mirrors top-bottom with probability p (DJL's {@code RandomFlipTopBottom} drops its result). */
public final class RandomVerticalFlip implements GeometricTransform {
    private final double p;

    /** @param p the probability of flipping, in [0, 1] */
    public RandomVerticalFlip(double p) {
        this.p = Check.probability("RandomVerticalFlip", "p", p);
    }

    @Override
    public Warp draw(int height, int width, Random rng) {
        if (rng.nextDouble() >= p) {
            return Warp.identity(height, width);
        }
        return Warp.affine(height, width, height, width, 1, 0, 0, 0, -1, height - 1, 0f);
    }

    @Override
    public String toString() {
        return "RandomVerticalFlip(p=" + p + ")";
    }
}
