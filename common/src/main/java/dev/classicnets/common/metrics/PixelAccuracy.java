package dev.classicnets.common.metrics;

/**
 * The fraction of labelled pixels whose arg max class is right, over an epoch, skipping pixels
 * whose label is the ignore index (DJL's {@code Accuracy} with axis 1 counts every pixel). Logits
 * (N, K, H, W) against labels (N, H, W) or (N, 1, H, W). NaN before any counted pixel.
 */
public class PixelAccuracy extends ConfusionMatrixEvaluator {

    /** Named "PixelAccuracy", nothing ignored. */
    public PixelAccuracy(int numClasses) {
        this("PixelAccuracy", numClasses, NO_IGNORE_INDEX);
    }

    /** Named "PixelAccuracy", skipping pixels labelled {@code ignoreIndex} (outside [0, K)). */
    public PixelAccuracy(int numClasses, int ignoreIndex) {
        this("PixelAccuracy", numClasses, ignoreIndex);
    }

    /** See {@link ConfusionMatrixEvaluator#ConfusionMatrixEvaluator(String, int, int)}. */
    public PixelAccuracy(String name, int numClasses, int ignoreIndex) {
        super(name, numClasses, ignoreIndex);
    }

    @Override
    protected double score(long[][] matrix) {
        return accuracy(matrix);
    }
}
