package dev.classicnets.common.augment;

import java.util.Random;

/** Mirrors left-right with probability p (DJL's {@code RandomFlipLeftRight} drops its result). */
public final class RandomHorizontalFlip implements GeometricTransform {
    private final double p;

    /** @param p the probability of flipping, in [0, 1] */
    public RandomHorizontalFlip(double p) {
        this.p = Check.probability("RandomHorizontalFlip", "p", p);
    }

    @Override
    public Warp draw(int height, int width, Random rng) {
        if (rng.nextDouble() >= p) {
            return Warp.identity(height, width);
        }
        return Warp.affine(height, width, height, width, -1, 0, width - 1, 0, 1, 0, 0f);
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(p=" + p + ")";
    }
}
