package dev.classicnets.common.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.Evaluator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of the evaluators that are a function of a confusion matrix accumulated over an epoch
 * (precision/recall/F1, IoU, Dice, pixel accuracy). Each accumulator key holds its own K x K matrix
 * of counts: rows are true classes, columns predicted classes.
 *
 * <p>Predictions are logits or probabilities with the classes on axis 1: (N, K) for classification,
 * (N, K, H, W) for segmentation; the predicted class is their arg max. Labels are class indices of
 * any numeric type shaped like the predictions without axis 1 ((N), (N, H, W)) or with a size-1
 * axis 1 ((N, 1), (N, 1, H, W)); labels shaped exactly like the predictions (one-hot or mixup soft
 * labels) are reduced by arg max, as DJL's {@code Accuracy} does. Labels equal to the ignore index
 * are skipped; any other label outside [0, K) is an error.
 *
 * <p>Cost per batch: one copy each of the predictions and the labels to Java, where the arg max
 * and the counting are plain loops (15 ms for a (16, 5, 128, 128) segmentation batch on 2 cores,
 * where libtorch's arg max over the class axis alone took 100 ms).
 */
public abstract class ConfusionMatrixEvaluator extends Evaluator {

    /** The ignore index meaning "ignore nothing". */
    public static final int NO_IGNORE_INDEX = Integer.MIN_VALUE;

    private final int numClasses;
    private final int ignoreIndex;
    private final Map<String, long[][]> matrices = new ConcurrentHashMap<>();

    /**
     * @param name the evaluator's name (the metric's column in reports)
     * @param numClasses K, at least 2
     * @param ignoreIndex the label to skip (e.g. 255 for unlabelled pixels), outside [0, K), or
     *     {@link #NO_IGNORE_INDEX}
     */
    protected ConfusionMatrixEvaluator(String name, int numClasses, int ignoreIndex) {
        super(name);
        if (numClasses < 2) {
            throw new IllegalArgumentException(name + ": numClasses must be >= 2, got " + numClasses);
        }
        if (ignoreIndex >= 0 && ignoreIndex < numClasses) {
            throw new IllegalArgumentException(name + ": ignoreIndex must lie outside the classes [0, "
                    + numClasses + "), got " + ignoreIndex);
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
    }

    public int getNumClasses() {
        return numClasses;
    }

    /** The skipped label, or {@link #NO_IGNORE_INDEX}. */
    public int getIgnoreIndex() {
        return ignoreIndex;
    }

    /** The metric's value for one matrix of counts; NaN when it is undefined (e.g. no samples). */
    protected abstract double score(long[][] matrix);

    /**
     * The confusion matrix of one batch: {@code [true class][predicted class]} counts, ignored
     * labels left out.
     */
    public long[][] count(NDList labels, NDList predictions) {
        NDArray prediction = predictions.head();
        NDArray label = labels.head();
        Shape shape = prediction.getShape();
        if (shape.dimension() < 2 || shape.get(1) != numClasses) {
            throw new IllegalArgumentException(getName() + " expects predictions shaped (N, " + numClasses
                    + ", ...) with the " + numClasses + " classes on axis 1, got " + shape);
        }
        int[] predicted;
        int[] truth;
        try (NDManager scope = NDManager.subManagerOf(prediction)) {
            prediction.tempAttach(scope);
            label.tempAttach(scope);
            predicted = Labels.argMaxOverAxis1(prediction);
            truth = Labels.classIndices(label, shape, getName());
        }
        long[][] matrix = new long[numClasses][numClasses];
        for (int i = 0; i < truth.length; i++) {
            int t = truth[i];
            if (t == ignoreIndex) {
                continue;
            }
            if (t < 0 || t >= numClasses) {
                throw new IllegalArgumentException(getName() + ": label " + t + " is outside the classes [0, "
                        + numClasses + ")" + (ignoreIndex == NO_IGNORE_INDEX ? "" : " and is not the ignore index "
                        + ignoreIndex));
            }
            matrix[t][predicted[i]]++;
        }
        return matrix;
    }

    /** The metric on one batch, as a scalar. */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return predictions.head().getManager().create((float) score(count(labels, predictions)));
    }

    @Override
    public void addAccumulator(String key) {
        matrices.put(key, new long[numClasses][numClasses]);
    }

    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {
        updateAccumulators(new String[] {key}, labels, predictions);
    }

    @Override
    public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
        long[][] batch = count(labels, predictions);
        for (String key : keys) {
            long[][] matrix = accumulated(key);
            synchronized (matrix) {
                for (int t = 0; t < numClasses; t++) {
                    for (int p = 0; p < numClasses; p++) {
                        matrix[t][p] += batch[t][p];
                    }
                }
            }
        }
    }

    @Override
    public void resetAccumulator(String key) {
        long[][] matrix = accumulated(key);
        synchronized (matrix) {
            for (long[] row : matrix) {
                java.util.Arrays.fill(row, 0L);
            }
        }
    }

    /** The metric over everything accumulated under {@code key}; NaN before any sample. */
    @Override
    public float getAccumulator(String key) {
        return (float) score(matrix(key));
    }

    /** A copy of the matrix accumulated under {@code key}: {@code [true class][predicted class]}. */
    public long[][] matrix(String key) {
        long[][] matrix = accumulated(key);
        synchronized (matrix) {
            long[][] copy = new long[numClasses][];
            for (int t = 0; t < numClasses; t++) {
                copy[t] = matrix[t].clone();
            }
            return copy;
        }
    }

    private long[][] accumulated(String key) {
        long[][] matrix = matrices.get(key);
        if (matrix == null) {
            throw new IllegalArgumentException(getName() + " has no accumulator '" + key
                    + "'; call addAccumulator(\"" + key + "\") first");
        }
        return matrix;
    }

    // Per-class counts read off a matrix, shared by the subclasses.

    static long truePositives(long[][] m, int c) {
        return m[c][c];
    }

    /** How often class c is the true class (TP + FN). */
    static long actual(long[][] m, int c) {
        long sum = 0;
        for (long v : m[c]) {
            sum += v;
        }
        return sum;
    }

    /** How often class c is predicted (TP + FP). */
    static long predicted(long[][] m, int c) {
        long sum = 0;
        for (long[] row : m) {
            sum += row[c];
        }
        return sum;
    }

    /** Trace over total: the fraction of counted samples (or pixels) predicted right. */
    static double accuracy(long[][] m) {
        long correct = 0;
        long total = 0;
        for (int t = 0; t < m.length; t++) {
            correct += m[t][t];
            total += actual(m, t);
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** The mean of the values that are not NaN; NaN when all are. */
    static double nanMean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
