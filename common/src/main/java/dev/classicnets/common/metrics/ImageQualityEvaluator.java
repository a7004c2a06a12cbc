package dev.classicnets.common.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.Evaluator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of the reconstruction and generation metrics: a value per image, averaged over every image
 * of an epoch (so batches of different sizes weigh by their images). Predictions and targets have
 * the same shape, images along axis 0; the first array of each {@link NDList} is used, so a VAE may
 * return (reconstruction, mean, log-variance). Integer inputs are compared as float32.
 */
public abstract class ImageQualityEvaluator extends Evaluator {

    private final int rank;
    private final Map<String, double[]> sums = new ConcurrentHashMap<>();

    /**
     * @param name the evaluator's name
     * @param rank the rank the inputs must have (4 for (N, C, H, W)), or 0 for any rank of at least 2
     */
    protected ImageQualityEvaluator(String name, int rank) {
        super(name);
        this.rank = rank;
    }

    /**
     * The per-image values for float {@code targets} and {@code predictions} of the checked shape,
     * computed with the arrays temporarily attached to a scope that closes every intermediate.
     */
    protected abstract double[] compute(NDArray targets, NDArray predictions);

    /** The metric of each image in a batch. */
    public double[] perImage(NDArray targets, NDArray predictions) {
        Shape shape = predictions.getShape();
        if (!shape.equals(targets.getShape())) {
            throw new IllegalArgumentException(getName() + ": predictions shaped " + shape
                    + " do not match targets shaped " + targets.getShape());
        }
        if (rank == 0 ? shape.dimension() < 2 : shape.dimension() != rank) {
            throw new IllegalArgumentException(getName() + " expects " + (rank == 4 ? "(N, C, H, W)"
                    : "(N, ...)") + " images, got shape " + shape);
        }
        try (NDManager scope = NDManager.subManagerOf(predictions)) {
            predictions.tempAttach(scope);
            if (targets != predictions) {
                targets.tempAttach(scope);
            }
            return compute(asFloat(targets), asFloat(predictions));
        }
    }

    /** The mean over the batch's images, as a scalar. */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        double[] values = perImage(labels.head(), predictions.head());
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return predictions.head().getManager().create((float) (sum / values.length));
    }

    @Override
    public void addAccumulator(String key) {
        sums.put(key, new double[2]);
    }

    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {
        updateAccumulators(new String[] {key}, labels, predictions);
    }

    @Override
    public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
        double[] values = perImage(labels.head(), predictions.head());
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        for (String key : keys) {
            double[] acc = accumulated(key);
            synchronized (acc) {
                acc[0] += sum;
                acc[1] += values.length;
            }
        }
    }

    @Override
    public void resetAccumulator(String key) {
        double[] acc = accumulated(key);
        synchronized (acc) {
            acc[0] = 0;
            acc[1] = 0;
        }
    }

    /** The mean over the images accumulated under {@code key}; NaN before any image. */
    @Override
    public float getAccumulator(String key) {
        double[] acc = accumulated(key);
        synchronized (acc) {
            return acc[1] == 0 ? Float.NaN : (float) (acc[0] / acc[1]);
        }
    }

    private double[] accumulated(String key) {
        double[] acc = sums.get(key);
        if (acc == null) {
            throw new IllegalArgumentException(getName() + " has no accumulator '" + key
                    + "'; call addAccumulator(\"" + key + "\") first");
        }
        return acc;
    }

    /** The mean of {@code values} over every axis but 0, one double per image. */
    static double[] meanPerImage(NDArray values) {
        // Flattened first: DJL's PyTorch engine refuses mean over more than one axis.
        return values.reshape(values.getShape().get(0), -1).mean(new int[] {1}).toType(DataType.FLOAT64, false)
                .toDoubleArray();
    }

    static void checkDataRange(String who, double dataRange) {
        if (!(dataRange > 0) || Double.isInfinite(dataRange)) {
            throw new IllegalArgumentException(who + ": dataRange must be a finite number > 0 (1 for values in"
                    + " [0, 1], 2 for [-1, 1], 255 for bytes), got " + dataRange);
        }
    }

    private static NDArray asFloat(NDArray array) {
        DataType type = array.getDataType();
        return type == DataType.FLOAT32 || type == DataType.FLOAT64 ? array : array.toType(DataType.FLOAT32, false);
    }
}
