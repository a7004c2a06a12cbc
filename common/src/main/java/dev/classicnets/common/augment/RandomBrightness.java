package dev.classicnets.common.augment;

import java.util.Random;

/**
 * Multiplies every value by a factor uniform in [max(0, 1 - amount), 1 + amount] and clips to
 * [0, 1] (torchvision's brightness jitter), for any number of channels. Apply before normalising.
 * DJL's {@code RandomBrightness} throws on PyTorch.
 */
public final class RandomBrightness implements ImageTransform {
    private final double amount;

    /** @param amount how far the factor may stray from 1, a finite number >= 0 */
    public RandomBrightness(double amount) {
        this.amount = Check.nonNegative("RandomBrightness", "amount", amount);
    }

    @Override
    public Image apply(Image image, Random rng) {
        double lo = Math.max(0, 1 - amount);
        float factor = (float) (lo + (1 + amount - lo) * rng.nextDouble());
        float[] data = image.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.min(1f, Math.max(0f, data[i] * factor));
        }
        return image;
    }

    @Override
    public String toString() {
        return "RandomBrightness(" + amount + ")";
    }
}
