package dev.classicnets.common.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;

/**
 * Batches of samples that the training loop walks epoch by epoch: a DJL {@link Dataset} that knows its
 * size and can be set to any epoch, so that a resumed run sees the order and augmentation it would have
 * seen. {@link ImageBatches} is the one for images (with classes, masks, or alone).
 */
public interface Batches extends Dataset {

    /** Batches per epoch. */
    int numBatches();

    /** Samples per epoch. */
    int numSamples();

    /** Sets the epoch (0-based) the next {@code getData} yields. */
    void setEpoch(int epoch);

    /** One epoch of batches (in memory or generated: no I/O errors to declare). */
    @Override
    Iterable<Batch> getData(NDManager manager);
}
