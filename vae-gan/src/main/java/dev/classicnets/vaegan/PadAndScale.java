package dev.classicnets.vaegan;

import dev.classicnets.common.Require;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.ImageTransform;
import java.util.Random;

/**
 * Puts an image on a larger square canvas for a DCGAN-shaped network: zero-padded around to {@code padded}
 * pixels (28 to 32, a power of two), then enlarged {@code scale} times by repeating pixels (32 to 64 for
 * the paper's size). Both steps are undone exactly by a {@code scale x scale} average and a centre crop,
 * which is how generated images go back to the data's 28 px for the Fréchet distance.
 */
record PadAndScale(int padded, int scale) implements ImageTransform {

    PadAndScale {
        Require.that(padded >= 1 && scale >= 1, "padded side and scale must be at least 1, got " + padded + " and "
                + scale);
    }

    @Override
    public Image apply(Image image, Random rng) {
        int c = image.channels();
        int h = image.height();
        int w = image.width();
        Require.that(h <= padded && w <= padded, "cannot pad a " + h + "x" + w + " image to " + padded + " px");
        int top = (padded - h) / 2;
        int left = (padded - w) / 2;
        int side = padded * scale;
        Image out = Image.zeros(c, side, side);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < side; y++) {
                int sy = y / scale - top;
                for (int x = 0; x < side; x++) {
                    int sx = x / scale - left;
                    if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                        out.set(ch, y, x, image.get(ch, sy, sx));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "PadAndScale(" + padded + ", x" + scale + ")";
    }
}
