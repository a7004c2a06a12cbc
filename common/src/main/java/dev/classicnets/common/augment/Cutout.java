package dev.classicnets.common.augment;

import java.util.Random;

/**
 * Cutout (DeVries and Taylor 2017): a {@code size x size} square centred on a uniformly drawn
 * pixel, set to {@code value} in every channel, clipped where it leaves the image (so near the
 * border less is cut). Applied to every image; after {@link Normalize}, 0 is the mean colour.
 */
public final class Cutout implements ImageTransform {
    private final int size;
    private final float value;

    /** Cuts with 0. */
    public Cutout(int size) {
        this(size, 0f);
    }

    /**
     * @param size the side of the square, >= 1
     * @param value the value written
     */
    public Cutout(int size, float value) {
        this.size = Check.atLeast("Cutout", "size", size, 1);
        this.value = Check.finite("Cutout", "value", value);
    }

    @Override
    public Image apply(Image image, Random rng) {
        int cy = rng.nextInt(image.height());
        int cx = rng.nextInt(image.width());
        int top = Math.max(0, cy - size / 2);
        int bottom = Math.min(image.height(), cy - size / 2 + size);
        int left = Math.max(0, cx - size / 2);
        int right = Math.min(image.width(), cx - size / 2 + size);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = top; y < bottom; y++) {
                for (int x = left; x < right; x++) {
                    image.set(c, y, x, value);
                }
            }
        }
        return image;
    }

    @Override
    public String toString() {
        return "Cutout(size=" + size + ", value=" + value + ")";
    }
}
