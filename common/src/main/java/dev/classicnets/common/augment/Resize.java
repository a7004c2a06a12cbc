package dev.classicnets.common.augment;

import java.util.Random;

/**
 * Resizes to {@code height x width} bilinearly: half-pixel centres (PyTorch's {@code
 * align_corners=False}), edge pixels repeated, no antialiasing (so a large reduction aliases; keep
 * reductions modest).
 */
public final class Resize implements GeometricTransform {
    private final int height;
    private final int width;

    /**
     * @param height the output height, >= 1
     * @param width the output width, >= 1
     */
    public Resize(int height, int width) {
        this.height = Check.atLeast("Resize", "height", height, 1);
        this.width = Check.atLeast("Resize", "width", width, 1);
    }

    @Override
    public Warp draw(int inHeight, int inWidth, Random rng) {
        if (inHeight == height && inWidth == width) {
            return Warp.identity(height, width);
        }
        return Warp.resize(inHeight, inWidth, 0, 0, inHeight, inWidth, height, width);
    }

    @Override
    public String toString() {
        return "Resize(" + height + "x" + width + ")";
    }
}
