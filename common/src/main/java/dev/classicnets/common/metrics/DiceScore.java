package dev.classicnets.common.metrics;

/**
 * The Dice coefficient (Sørensen–Dice, the F1 of a class's pixels) per class, and its mean, for
 * segmentation: logits (N, K, H, W) against labels (N, H, W) or (N, 1, H, W), pixels labelled with
 * the ignore index skipped.
 *
 * <p>Dice of class c = 2 TP / (2 TP + FP + FN) over all pixels of the epoch (one confusion matrix for
 * the data set). A class absent from both prediction and target is NaN per class and left out of
 * the mean, as in {@link MeanIoU}. The mean is NaN before any counted pixel.
 */
public class DiceScore extends ConfusionMatrixEvaluator {

    /** Named "Dice", nothing ignored. */
    public DiceScore(int numClasses) {
        this("Dice", numClasses, NO_IGNORE_INDEX);
    }

    /** Named "Dice", skipping pixels labelled {@code ignoreIndex} (outside [0, K)). */
    public DiceScore(int numClasses, int ignoreIndex) {
        this("Dice", numClasses, ignoreIndex);
    }

    /** See {@link ConfusionMatrixEvaluator#ConfusionMatrixEvaluator(String, int, int)}. */
    public DiceScore(String name, int numClasses, int ignoreIndex) {
        super(name, numClasses, ignoreIndex);
    }

    @Override
    protected double score(long[][] matrix) {
        return nanMean(perClass(matrix));
    }

    /** Per-class Dice accumulated under {@code key} (NaN for classes absent from both sides). */
    public double[] perClass(String key) {
        return perClass(matrix(key));
    }

    /** Per-class Dice of a confusion matrix ({@code [true][predicted]} counts). */
    public static double[] perClass(long[][] matrix) {
        double[] dice = new double[matrix.length];
        for (int c = 0; c < matrix.length; c++) {
            long both = actual(matrix, c) + predicted(matrix, c);
            dice[c] = both == 0 ? Double.NaN : 2.0 * truePositives(matrix, c) / both;
        }
        return dice;
    }
}
