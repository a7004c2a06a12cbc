package dev.classicnets.common.metrics;

/**
 * The confusion matrix of a classifier (or, with an ignore index, of a segmenter's pixels),
 * accumulated over an epoch, for reports to draw. As a scalar ({@link #getAccumulator}) it is the
 * accuracy, trace over total, so that it can also stand in a metrics table or be monitored.
 *
 * <pre>{@code
 * ConfusionMatrix cm = new ConfusionMatrix(10);   // add to the TrainingConfig's evaluators
 * long[][] counts = cm.matrix("validate/epoch");  // [true class][predicted class]
 * }</pre>
 *
 * <p>Read the matrix before DJL's {@code EvaluatorTrainingListener.onEpoch} resets the accumulators.
 */
public class ConfusionMatrix extends ConfusionMatrixEvaluator {

    /** Named "ConfusionMatrix", nothing ignored. */
    public ConfusionMatrix(int numClasses) {
        this("ConfusionMatrix", numClasses, NO_IGNORE_INDEX);
    }

    /** See {@link ConfusionMatrixEvaluator#ConfusionMatrixEvaluator(String, int, int)}. */
    public ConfusionMatrix(String name, int numClasses, int ignoreIndex) {
        super(name, numClasses, ignoreIndex);
    }

    @Override
    protected double score(long[][] matrix) {
        return accuracy(matrix);
    }

    /**
     * The matrix accumulated under {@code key}, each row divided by its sum: row t holds where the
     * samples of true class t went. A class that never occurred has an all-zero row (not NaN, so
     * that a heat map can draw it).
     */
    public double[][] normalizedByTrueClass(String key) {
        return normalizeByTrueClass(matrix(key));
    }

    /** How many samples of each true class were counted under {@code key}. */
    public long[] support(String key) {
        long[][] m = matrix(key);
        long[] support = new long[m.length];
        for (int c = 0; c < m.length; c++) {
            support[c] = actual(m, c);
        }
        return support;
    }

    /** {@code counts} with each row divided by its sum; rows that sum to 0 stay 0. */
    public static double[][] normalizeByTrueClass(long[][] counts) {
        double[][] normalized = new double[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            normalized[t] = new double[counts[t].length];
            long total = actual(counts, t);
            for (int p = 0; p < counts[t].length && total > 0; p++) {
                normalized[t][p] = (double) counts[t][p] / total;
            }
        }
        return normalized;
    }
}
