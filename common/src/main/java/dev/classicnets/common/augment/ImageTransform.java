package dev.classicnets.common.augment;

import java.util.Random;

/**
 * A per-image transform: each image gets its own random draw from {@code rng}, so that a run is
 * reproducible from its seed. It may change {@code image} in place and return it, or return a new
 * image (e.g. of another size). Deterministic transforms ignore {@code rng}.
 */
@FunctionalInterface
public interface ImageTransform {

    /** Applies the transform to one image. */
    Image apply(Image image, Random rng);

    /** This transform, then {@code next}. */
    default ImageTransform andThen(ImageTransform next) {
        return (image, rng) -> next.apply(apply(image, rng), rng);
    }

    /** The identity. */
    static ImageTransform identity() {
        return (image, rng) -> image;
    }
}
