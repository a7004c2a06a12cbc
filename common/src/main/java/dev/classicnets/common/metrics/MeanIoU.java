package dev.classicnets.common.metrics;

/**
 * Intersection over union per class, and their mean, for segmentation: logits (N, K, H, W) against
 * labels (N, H, W) or (N, 1, H, W), pixels labelled with the ignore index skipped.
 *
 * <p>IoU of class c = TP / (TP + FP + FN), counted over all pixels of the epoch (one confusion
 * matrix for the data set, as torchvision's segmentation reference and mmsegmentation do, not a
 * mean of per-image IoUs). A class absent from both prediction and target has no IoU: it is NaN
 * per class and left out of the mean. The mean is NaN before any counted pixel.
 */
public class MeanIoU extends ConfusionMatrixEvaluator {

    /** Named "MeanIoU", nothing ignored. */
    public MeanIoU(int numClasses) {
        this("MeanIoU", numClasses, NO_IGNORE_INDEX);
    }

    /** Named "MeanIoU", skipping pixels labelled {@code ignoreIndex} (outside [0, K)). */
    public MeanIoU(int numClasses, int ignoreIndex) {
        this("MeanIoU", numClasses, ignoreIndex);
    }

    /** See {@link ConfusionMatrixEvaluator#ConfusionMatrixEvaluator(String, int, int)}. */
    public MeanIoU(String name, int numClasses, int ignoreIndex) {
        super(name, numClasses, ignoreIndex);
    }

    @Override
    protected double score(long[][] matrix) {
        return nanMean(perClass(matrix));
    }

    /** Per-class IoU accumulated under {@code key} (NaN for classes absent from both sides). */
    public double[] perClass(String key) {
        return perClass(matrix(key));
    }

    /** Per-class IoU of a confusion matrix ({@code [true][predicted]} counts). */
    public static double[] perClass(long[][] matrix) {
        double[] iou = new double[matrix.length];
        for (int c = 0; c < matrix.length; c++) {
            long tp = truePositives(matrix, c);
            long union = actual(matrix, c) + predicted(matrix, c) - tp;
            iou[c] = union == 0 ? Double.NaN : (double) tp / union;
        }
        return iou;
    }
}
