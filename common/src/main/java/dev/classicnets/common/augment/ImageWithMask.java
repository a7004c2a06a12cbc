package dev.classicnets.common.augment;

/** A segmentation sample: an image and its mask, of the same height and width. */
public record ImageWithMask(Image image, Mask mask) {

    public ImageWithMask {
        if (image == null || mask == null) {
            throw new IllegalArgumentException("image and mask must both be given, got " + image + " and " + mask);
        }
        if (image.height() != mask.height() || image.width() != mask.width()) {
            throw new IllegalArgumentException("image " + image.channels() + "x" + image.height() + "x" + image.width()
                    + " and mask " + mask.height() + "x" + mask.width() + " differ in height or width");
        }
    }
}
