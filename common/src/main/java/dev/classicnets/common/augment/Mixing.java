package dev.classicnets.common.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;

/** What {@link Mixup} and {@link CutMix} share. */
final class Mixing {
    private Mixing() {}

    /** The labels as Java ints, checked against the batch size and [0, numClasses). */
    static int[] classIndices(String owner, NDArray labels, long batchSize, int numClasses) {
        if (labels.size() != batchSize || labels.getShape().dimension() > 2) {
            throw new IllegalArgumentException(owner + " needs one class index per image, shaped (" + batchSize
                    + ") or (" + batchSize + ", 1), got labels shaped " + labels.getShape());
        }
        float[] values;
        try (NDManager scope = NDManager.subManagerOf(labels)) {
            labels.tempAttach(scope);
            values = labels.toType(DataType.FLOAT32, false).toFloatArray();
        }
        int[] result = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (v != Math.rint(v) || v < 0 || v >= numClasses) {
                throw new IllegalArgumentException(owner + ": label " + v + " is not a class index in [0, "
                        + numClasses + ")");
            }
            result[i] = (int) v;
        }
        return result;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates); the identity when rng is null. */
    static int[] permutation(int n, Random rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0 && rng != null; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** Soft labels: lambda on each image's own class, 1 - lambda on its partner's. */
    static float[] softLabels(int[] classes, int[] permutation, double lambda, int numClasses) {
        float[] soft = new float[classes.length * numClasses];
        for (int i = 0; i < classes.length; i++) {
            soft[i * numClasses + classes[i]] += (float) lambda;
            soft[i * numClasses + classes[permutation[i]]] += (float) (1 - lambda);
        }
        return soft;
    }

    static long[] toLongs(int[] values) {
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
