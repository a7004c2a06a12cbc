package dev.classicnets.common.augment;

import ai.djl.ndarray.NDArray;
import java.util.Random;

/**
 * A batch-level augmentation that mixes pairs of images and their labels ({@link Mixup}, {@link
 * CutMix}). Train with {@link SoftLabelCrossEntropyLoss}; DJL's {@code Accuracy} and our confusion
 * matrix evaluators read soft labels by their arg max.
 */
public interface BatchMix {

    /**
     * Mixes one batch.
     *
     * @param images (N, C, H, W) (mixup also takes any (N, ...))
     * @param labels class indices, (N) or (N, 1), any numeric type, each in [0, K)
     * @param rng the run's seeded generator; one draw per batch
     * @return the mixed images and soft labels, attached to the images' manager
     */
    MixedBatch apply(NDArray images, NDArray labels, Random rng);
}
