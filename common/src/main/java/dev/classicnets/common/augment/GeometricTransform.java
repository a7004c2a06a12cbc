package dev.classicnets.common.augment;

import java.util.Random;

/**
 * A transform that moves pixels (flip, crop, resize, rotation). Its random draw is a {@link Warp},
 * which can be applied to an image and to its segmentation mask alike; see {@link
 * JointTransform#geometric(GeometricTransform, int)}.
 */
public interface GeometricTransform extends ImageTransform {

    /** Draws this transform's parameters for a {@code height x width} input. */
    Warp draw(int height, int width, Random rng);

    @Override
    default Image apply(Image image, Random rng) {
        return draw(image.height(), image.width(), rng).apply(image);
    }
}
