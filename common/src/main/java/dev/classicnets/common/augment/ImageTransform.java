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

    /** This transform, then {@code next}; it names both ({@code Resize(32x32) -> RandomHorizontalFlip(p=0.5)}). */
    default ImageTransform andThen(ImageTransform next) {
        if (this == Identity.INSTANCE) {
            return next;
        }
        return next == Identity.INSTANCE ? this : new Sequence(this, next);
    }

    /** The identity. */
    static ImageTransform identity() {
        return Identity.INSTANCE;
    }

    /** Two transforms, one after the other. */
    record Sequence(ImageTransform first, ImageTransform second) implements ImageTransform {
        @Override
        public Image apply(Image image, Random rng) {
            return second.apply(first.apply(image, rng), rng);
        }

        @Override
        public String toString() {
            return first + " -> " + second;
        }
    }

    /** Leaves the image as it is. */
    enum Identity implements ImageTransform {
        INSTANCE;

        @Override
        public Image apply(Image image, Random rng) {
            return image;
        }

        @Override
        public String toString() {
            return "Identity";
        }
    }
}
