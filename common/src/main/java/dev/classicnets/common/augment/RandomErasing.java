package dev.classicnets.common.augment;

import java.util.Arrays;
import java.util.Random;

/**
 * Random erasing (Zhong et al. 2020) with torchvision's rule: with probability p, up to 10 tries of
 * a rectangle whose area is a fraction uniform in [minScale, maxScale] of the image and whose aspect
 * ratio (height / width) is log-uniform in [minRatio, maxRatio], sides rounded to whole pixels; the
 * first that is smaller than the image in both sides is placed uniformly and overwritten in every
 * channel, by a constant (one, or one per channel) or by standard normal noise. If no try fits,
 * the image is left as it is.
 * After {@link Normalize} 0 is the mean colour; before it (our data pipeline normalises after the
 * transforms) pass the mean colour per channel to erase to it.
 */
public final class RandomErasing implements ImageTransform {
    private static final int TRIES = 10;

    private final double p;
    private final double minScale;
    private final double maxScale;
    private final double minRatio;
    private final double maxRatio;
    private final float[] values;
    private final boolean noise;

    /** torchvision's defaults: scale (0.02, 0.33), ratio (0.3, 3.3), value 0. */
    public RandomErasing(double p) {
        this(p, 0.02, 0.33, 0.3, 3.3, 0f);
    }

    /**
     * @param p the probability of erasing, in [0, 1]
     * @param minScale the smallest area fraction, in (0, maxScale]
     * @param maxScale the largest, in [minScale, 1]
     * @param minRatio the smallest height / width, in (0, maxRatio]
     * @param maxRatio the largest
     * @param value the constant written over the rectangle
     */
    public RandomErasing(double p, double minScale, double maxScale, double minRatio, double maxRatio, float value) {
        this(p, minScale, maxScale, minRatio, maxRatio, new float[] {value}, false);
    }

    /**
     * As {@link #RandomErasing(double, double, double, double, double, float)} with one value per
     * channel, e.g. the data set's mean colour when the pipeline normalises after the transforms.
     */
    public RandomErasing(double p, double minScale, double maxScale, double minRatio, double maxRatio,
            float[] perChannel) {
        this(p, minScale, maxScale, minRatio, maxRatio, perChannel, false);
    }

    private RandomErasing(double p, double minScale, double maxScale, double minRatio, double maxRatio, float[] values,
            boolean noise) {
        this.p = Check.probability("RandomErasing", "p", p);
        Check.interval("RandomErasing", "scale (min, max)", minScale, maxScale, 1);
        Check.interval("RandomErasing", "ratio (min, max)", minRatio, maxRatio, Double.POSITIVE_INFINITY);
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.minRatio = minRatio;
        this.maxRatio = maxRatio;
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("RandomErasing: values must hold one value, or one per channel, got "
                    + Arrays.toString(values));
        }
        for (int c = 0; c < values.length; c++) {
            Check.finite("RandomErasing", values.length == 1 ? "value" : "value[" + c + "]", values[c]);
        }
        this.values = values.clone();
        this.noise = noise;
    }

    /** Writes standard normal noise (torchvision's {@code value="random"}) instead of a constant. */
    public static RandomErasing withNoise(double p, double minScale, double maxScale, double minRatio,
            double maxRatio) {
        return new RandomErasing(p, minScale, maxScale, minRatio, maxRatio, new float[] {0f}, true);
    }

    @Override
    public Image apply(Image image, Random rng) {
        if (values.length != 1 && values.length != image.channels()) {
            throw new IllegalArgumentException("RandomErasing has " + values.length
                    + " channel values but the image has " + image.channels() + " channel(s)");
        }
        if (rng.nextDouble() >= p) {
            return image;
        }
        int height = image.height();
        int width = image.width();
        double area = (double) height * width;
        for (int i = 0; i < TRIES; i++) {
            double target = area * (minScale + (maxScale - minScale) * rng.nextDouble());
            double ratio = Math.exp(Math.log(minRatio) + (Math.log(maxRatio) - Math.log(minRatio)) * rng.nextDouble());
            int h = (int) Math.round(Math.sqrt(target * ratio));
            int w = (int) Math.round(Math.sqrt(target / ratio));
            if (h < height && w < width && h > 0 && w > 0) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                for (int c = 0; c < image.channels(); c++) {
                    float value = values[values.length == 1 ? 0 : c];
                    for (int y = top; y < top + h; y++) {
                        for (int x = left; x < left + w; x++) {
                            image.set(c, y, x, noise ? (float) rng.nextGaussian() : value);
                        }
                    }
                }
                return image;
            }
        }
        return image;
    }

    @Override
    public String toString() {
        return "RandomErasing(p=" + p + ", scale=[" + minScale + ", " + maxScale + "], ratio=[" + minRatio + ", "
                + maxRatio + "], value=" + (noise ? "noise" : values.length == 1 ? Float.toString(values[0])
                : Arrays.toString(values)) + ")";
    }
}
