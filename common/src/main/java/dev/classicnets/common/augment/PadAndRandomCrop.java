package dev.classicnets.common.augment;

import java.util.Random;

/**
 * Pads every side by {@code padding} pixels of a constant and crops a random window of the original
 * size back: the CIFAR augmentation of He et al. 2016 (padding 4, zeros). Each of the (2 padding + 1)^2
 * offsets is equally likely; values are copied, never interpolated.
 */
public final class PadAndRandomCrop implements GeometricTransform {
    private final int padding;
    private final float fill;

    /** Zero padding. */
    public PadAndRandomCrop(int padding) {
        this(padding, 0f);
    }

    /**
     * @param padding pixels added on each side, >= 0
     * @param fill the value of the padding
     */
    public PadAndRandomCrop(int padding, float fill) {
        this.padding = Check.atLeast("PadAndRandomCrop", "padding", padding, 0);
        this.fill = Check.finite("PadAndRandomCrop", "fill", fill);
    }

    @Override
    public Warp draw(int height, int width, Random rng) {
        int dy = rng.nextInt(2 * padding + 1) - padding;
        int dx = rng.nextInt(2 * padding + 1) - padding;
        if (dx == 0 && dy == 0) {
            return Warp.identity(height, width);
        }
        return Warp.shift(height, width, height, width, dx, dy, fill);
    }

    @Override
    public String toString() {
        return "PadAndRandomCrop(padding=" + padding + ", fill=" + fill + ")";
    }
}
