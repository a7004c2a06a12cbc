package dev.classicnets.common.augment;

import java.util.Random;

/**
 * Blends the image with its mean grey level, out = f x + (1 - f) mean, with f uniform in
 * [max(0, 1 - amount), 1 + amount], then clips to [0, 1] (torchvision's contrast jitter). The mean
 * is over the single channel of a grey image, or over the luma 0.299 R + 0.587 G + 0.114 B of an RGB
 * one; other channel counts are refused. Apply before normalising.
 */
public final class RandomContrast implements ImageTransform {
    private static final float[] LUMA = {0.299f, 0.587f, 0.114f};

    private final double amount;

    /** @param amount how far the factor may stray from 1, a finite number >= 0 */
    public RandomContrast(double amount) {
        this.amount = Check.nonNegative("RandomContrast", "amount", amount);
    }

    @Override
    public Image apply(Image image, Random rng) {
        int channels = image.channels();
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("RandomContrast needs a 1- or 3-channel image, got " + channels
                    + " channels");
        }
        double lo = Math.max(0, 1 - amount);
        double factor = lo + (1 + amount - lo) * rng.nextDouble();
        float[] data = image.data();
        int plane = image.height() * image.width();
        double sum = 0;
        for (int ch = 0; ch < channels; ch++) {
            double weight = channels == 1 ? 1 : LUMA[ch];
            for (int i = 0; i < plane; i++) {
                sum += weight * data[ch * plane + i];
            }
        }
        double mean = sum / plane;
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.min(1, Math.max(0, factor * data[i] + (1 - factor) * mean));
        }
        return image;
    }

    @Override
    public String toString() {
        return "RandomContrast(" + amount + ")";
    }
}
