package dev.classicnets.common.augment;

import java.util.Arrays;
import java.util.Random;

/**
 * (x - mean[c]) / std[c] per channel, for any channel count; the image must have exactly as many
 * channels as there are means (DJL's {@code Normalize} is 3-channel only and silently turns a grey
 * image into three channels).
 */
public final class Normalize implements ImageTransform {
    private final float[] mean;
    private final float[] std;

    /**
     * @param mean one finite mean per channel
     * @param std one finite standard deviation > 0 per channel, as many as means
     */
    public Normalize(float[] mean, float[] std) {
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: mean and std must have one value per channel, as many of"
                    + " each, got " + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (int c = 0; c < mean.length; c++) {
            Check.finite("Normalize", "mean[" + c + "]", mean[c]);
            if (!(std[c] > 0) || Float.isInfinite(std[c])) {
                throw Check.fail("Normalize", "std[" + c + "]", "a finite number > 0", Float.toString(std[c]));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    public Image apply(Image image, Random rng) {
        if (image.channels() != mean.length) {
            throw new IllegalArgumentException("Normalize has " + mean.length + " channel mean(s) and std(s) but the"
                    + " image has " + image.channels() + " channel(s)");
        }
        float[] data = image.data();
        int plane = image.height() * image.width();
        for (int c = 0; c < mean.length; c++) {
            float m = mean[c];
            float inv = 1f / std[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                data[i] = (data[i] - m) * inv;
            }
        }
        return image;
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
