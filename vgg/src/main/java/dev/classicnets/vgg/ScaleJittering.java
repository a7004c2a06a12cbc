package dev.classicnets.vgg;

import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.RandomResizedCrop;
import dev.classicnets.common.augment.Resize;
import java.util.Random;

/**
 * VGG's scale jittering (section 3.1): the image rescaled to a side S drawn uniformly from [min, max],
 * then a random {@code side x side} window of it.
 */
record ScaleJittering(int min, int max, int side) implements ImageTransform {

    @Override
    public Image apply(Image image, Random rng) {
        int s = min + rng.nextInt(max - min + 1);
        Image scaled = new Resize(s, s).apply(image, rng);
        double cropArea = (double) side * side / ((double) s * s);
        return new RandomResizedCrop(side, side, cropArea, cropArea, 1, 1).apply(scaled, rng); // as is
    }

    @Override
    public String toString() {
        return "ScaleJittering(S in [" + min + ", " + max + "], crop " + side + "x" + side + ")";
    }
}
