package dev.classicnets.common.registry;

import dev.classicnets.common.augment.Normalize;
import java.util.Arrays;

/**
 * The per-channel mean and standard deviation a network's inputs are normalised with, on pixels
 * scaled to [0, 1]: what pretrained weights expect, and what a new training run should start from.
 *
 * @param mean one mean per input channel
 * @param std one standard deviation (> 0) per input channel
 */
public record Normalization(float[] mean, float[] std) {

    /** ImageNet's RGB statistics, as torchvision's pretrained weights use them. */
    public static final Normalization IMAGENET =
            new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /** Fashion-MNIST's training set (60,000 grey images). */
    public static final Normalization FASHION_MNIST = new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

    /**
     * CIFAR-10's training set, per RGB channel; the std is of all pixels of a channel (the often
     * copied 0.2023, 0.1994, 0.2010 are means of per-image deviations).
     */
    public static final Normalization CIFAR10 =
            new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    /** Validates and copies the arrays. */
    public Normalization {
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalization needs one mean and one std per channel, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("normalization std must be finite and > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** A copy of the means. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the standard deviations. */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** The number of channels. */
    public int channels() {
        return mean.length;
    }

    /** The transform that applies it to an image. */
    public Normalize toTransform() {
        return new Normalize(mean, std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
