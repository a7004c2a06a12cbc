package dev.classicnets.common.metrics;

import ai.djl.ndarray.NDArray;

/**
 * A network that maps images to feature vectors, for scores measured in feature space such as the
 * {@link FrechetDistance} of generated images: Inception for ImageNet-like data, a small classifier
 * trained on the same data for MNIST-like images. A generative module gets its feature network
 * through this interface, so that it depends on no other architecture module.
 */
public interface FeatureNetwork {

    /**
     * The features of a batch of images, in inference mode.
     *
     * @param images (N, C, H, W) with pixels in [0, 1], of the size {@link #imageShape()} gives
     * @return (N, {@link #dimension()}) float32 features
     */
    NDArray features(NDArray images);

    /** The length of one feature vector. */
    int dimension();

    /** The (C, H, W) of the images it takes. */
    ai.djl.ndarray.types.Shape imageShape();
}
