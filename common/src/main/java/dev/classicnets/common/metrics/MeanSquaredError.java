package dev.classicnets.common.metrics;

import ai.djl.ndarray.NDArray;

/**
 * Mean squared error between predictions and targets, per image (over all its values) and averaged
 * over the images of the epoch. Unlike DJL's {@code L2Loss} (a loss: half the MSE, averaged per
 * batch) this is the plain MSE, exact over an epoch of uneven batches.
 */
public class MeanSquaredError extends ImageQualityEvaluator {

    /** Named "MSE". */
    public MeanSquaredError() {
        this("MSE");
    }

    public MeanSquaredError(String name) {
        super(name, 0);
    }

    @Override
    protected double[] compute(NDArray targets, NDArray predictions) {
        return meanPerImage(predictions.sub(targets).square());
    }
}
