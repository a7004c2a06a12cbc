package dev.classicnets.common.augment;

import java.util.Random;

/**
 * A per-sample transform of an image and its segmentation mask. Geometric transforms draw once and
 * apply the same {@link Warp} to both (bilinear for the image, nearest neighbour for the mask);
 * colour and erasing transforms touch the image only.
 *
 * <pre>{@code
 * JointTransform augment = JointTransform.geometric(new RandomHorizontalFlip(0.5), 255)
 *         .andThen(JointTransform.geometric(RandomAffine.rotation(10), 255))
 *         .andThen(JointTransform.imageOnly(new RandomBrightness(0.2)));
 * ImageWithMask out = augment.apply(new ImageWithMask(image, mask), rng);
 * }</pre>
 */
@FunctionalInterface
public interface JointTransform {

    /** Applies the transform to one sample. */
    ImageWithMask apply(ImageWithMask sample, Random rng);

    /** This transform, then {@code next}. */
    default JointTransform andThen(JointTransform next) {
        return (sample, rng) -> next.apply(apply(sample, rng), rng);
    }

    /** The identity. */
    static JointTransform identity() {
        return (sample, rng) -> sample;
    }

    /**
     * One draw of {@code transform} applied to image and mask; mask pixels that come from outside the
     * input (padding, rotated corners) get {@code maskFill}, e.g. the ignore index.
     */
    static JointTransform geometric(GeometricTransform transform, int maskFill) {
        if (transform == null) {
            throw new IllegalArgumentException("JointTransform.geometric: transform must be given, got null");
        }
        return (sample, rng) -> {
            Warp warp = transform.draw(sample.image().height(), sample.image().width(), rng);
            return new ImageWithMask(warp.apply(sample.image()), warp.apply(sample.mask(), maskFill));
        };
    }

    /**
     * {@code transform} on the image, the mask unchanged. Refuses a {@link GeometricTransform}, which
     * would move the image's pixels away from their labels; the image must keep its size.
     */
    static JointTransform imageOnly(ImageTransform transform) {
        if (transform == null || transform instanceof GeometricTransform) {
            throw new IllegalArgumentException("JointTransform.imageOnly: transform must not move pixels (use"
                    + " JointTransform.geometric for it), got " + transform);
        }
        return (sample, rng) -> new ImageWithMask(transform.apply(sample.image(), rng), sample.mask());
    }
}
