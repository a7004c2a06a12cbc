package dev.classicnets.common.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A batch after mixup or CutMix.
 *
 * @param images the mixed images, shaped like the input
 * @param labels soft labels (N, K), float32, each row summing to 1
 * @param lambda the weight of each image's own label (1 when the batch was left unmixed)
 * @param permutation image i was mixed with image permutation[i]
 */
public record MixedBatch(NDArray images, NDArray labels, double lambda, int[] permutation) {

    /** (images, labels), the order a DJL {@code Batch} takes them in. */
    public NDList toNDList() {
        return new NDList(images, labels);
    }
}
